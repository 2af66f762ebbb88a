"""What Python source says about uvicorn before precedence: its `uvicorn.run(...)` calls."""

from __future__ import annotations

from msgspec import Struct

from ...core.facts import Token
from ...core.model import Location


class UvicornRun(Struct, frozen=True):
    """A call `uvicorn.run(app, host=..., port=...)`: it serves when the file runs as a script."""

    file: str
    location: Location  # the callee (`uvicorn.run`)
    port: Token | None  # a literal port, or the default of `int(os.getenv("PORT", 8000))`
    host: Token | None
    port_variable: str | None = None  # the environment variable read before that default
    port_is_literal: bool = True  # False when a port argument exists but is not readable
    host_is_literal: bool = True
    one_socket: bool = False  # `reload=True` or `workers=N`: the parent binds one IPv4 socket for a name
