"""What a gunicorn config file says before precedence."""

from __future__ import annotations

from dataclasses import dataclass

from ...core.facts import Address
from ...core.model import Location


@dataclass(frozen=True)
class GunicornConfig:
    """A gunicorn config file (`gunicorn.conf.py`): its module-level `bind = ...` (the last one wins)."""

    file: str
    binds: tuple[Address, ...] = ()
    bind_at: Location | None = None  # the `bind` name of the assignment; None when the file sets no bind
    bind_computed: bool = False  # `bind = compute()`: only run time knows it
    # Per bind: the environment variable its port is read from first (`"[::]:{}".format(os.environ.get("PORT",
    # 5006))`), its `port` token then being the fallback; None for a literal port.
    port_variables: tuple[str | None, ...] = ()
