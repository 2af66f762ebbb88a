"""What a gunicorn config file says before precedence."""

from __future__ import annotations

from msgspec import Struct

from ...core.facts import Address
from ...core.model import Location


class GunicornConfig(Struct, frozen=True):
    """A gunicorn config file (`gunicorn.conf.py`): its module-level `bind = ...` (the last one wins)."""

    file: str
    binds: tuple[Address, ...] = ()
    bind_at: Location | None = None  # the `bind` name of the assignment; None when the file sets no bind
    bind_computed: bool = False  # `bind = compute()`: only run time knows it
    # Per bind: the environment variable its port is read from first (`"[::]:{}".format(os.environ.get("PORT",
    # 5006))`), its `port` token then being the fallback; None for a literal port.
    port_variables: tuple[str | None, ...] = ()
