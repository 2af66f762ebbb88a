"""What a Node server's source and command lines say about its port, before precedence."""

from __future__ import annotations

from msgspec import Struct

from ...core.facts import FileReference, Invocation, Token
from ...core.model import Location


class NodeListen(Struct, frozen=True):
    """One `server.listen(...)` / `app.listen(...)` call with a port portlint can follow."""

    file: str
    location: Location  # the `listen` word
    port: Token | None  # the literal port, or the default after `process.env.PORT ||`
    env: str | None  # the environment variable read first (`process.env.PORT`)
    host: Token | None  # a literal host argument or `host:` member
    loads_dotenv: bool  # `require('dotenv').config()`, `import 'dotenv/config'`: `.env` fills process.env


class NodeInvocation(Invocation, frozen=True):
    """`node [options] script.js`: `as_script` is the script's absolute path, `references` the files it may
    be (a built `dist/index.js` not in the workspace: its `src/index.ts`), read as Node sources."""

    preloads_dotenv: bool = False  # `node -r dotenv/config`
    references: tuple[FileReference, ...] = ()

    def runs(self, file: str) -> bool:
        return file == self.as_script or any(file in reference.candidates for reference in self.references)
