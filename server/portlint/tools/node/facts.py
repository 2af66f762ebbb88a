"""What a Node server's source and command lines say about its port, before precedence."""

from __future__ import annotations

from dataclasses import dataclass

from ...core.facts import Invocation, Token
from ...core.model import Location


@dataclass(frozen=True)
class NodeListen:
    """One `server.listen(...)` / `app.listen(...)` call with a port portlint can follow."""

    file: str
    location: Location  # the `listen` word
    port: Token | None  # the literal port, or the default after `process.env.PORT ||`
    env: str | None  # the environment variable read first (`process.env.PORT`)
    host: Token | None  # a literal host argument or `host:` member
    loads_dotenv: bool  # `require('dotenv').config()`, `import 'dotenv/config'`: `.env` fills process.env


@dataclass(frozen=True)
class NodeInvocation(Invocation):
    """`node [options] script.js`: `as_script` is the script's absolute path."""

    preloads_dotenv: bool = False  # `node -r dotenv/config`
