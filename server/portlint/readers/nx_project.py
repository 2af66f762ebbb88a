"""An Nx project's `project.json` → its targets run by given executors, for every tool whose executor Nx runs
(the Angular CLI's dev server, Vite's, Next's).

Nx keeps each project's targets in its own project.json: `"executor": "@nx/vite:dev-server"` with
`options`, `configurations` and `defaultConfiguration`; `nx serve shop` applies the default configuration's
overrides over the options. Paths in the options (`proxyConfig`) are relative to the Nx workspace root, the
folder of nx.json above the project. A parser cannot look for it; the path itself tells:
`apps/shop/proxy.conf.json` named by `<root>/apps/shop/project.json` puts the root two folders up. The
project's own folder is the fallback; the first candidate that exists is the one read.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection

from msgspec import Struct, field

from ..core.facts import Fact, FileReference, ParseResult, Token, parse_port
from ..core.model import ConfigProblem, Location
from ..core.text import SourceText
from .jsonc import JNode, parse_jsonc, scalar_token


class NxTarget(Struct, frozen=True):
    """One target of a project.json run by an executor a tool reads."""

    file: str
    project: str  # the project's name; "shop:serve-dev" for a target other than `serve`
    executor: Token  # the executor as written, where it is written
    node: JNode  # the target object (its key is the target's name)
    options: JNode | None
    configurations: dict[str, JNode] = field(default_factory=dict)
    default_configuration: str | None = None

    @property
    def folder(self) -> str:
        """The project's root: project.json's folder, where Nx starts the executor's tool."""
        return os.path.dirname(self.file)

    @property
    def key(self) -> Location:
        return self.node.key or self.node.location

    def site(self) -> tuple[str, Location, str, str]:
        """An invocation's file, location (the executor), words and working folder (the project's root)."""
        return self.file, self.executor.location, f'Nx target "{self.project}"', self.folder

    def port(self) -> tuple[Token | None, tuple[str, ...]]:
        """The `port` option as a command line's `--port`: its token, or none; a written value that is no port
        (Nx's schema check refuses it) is computed (`("--port",)`), so no default is claimed instead."""
        written = self.option("port")
        token = scalar_token(written)
        if token is not None and parse_port(token.text) is not None:
            return token, ()
        return None, () if written is None else ("--port",)

    def option(self, name: str) -> JNode | None:
        """An option as `nx run project:target` sees it: the default configuration's override, else the
        target's own option."""
        overrides = self.configurations.get(self.default_configuration or "")
        found = overrides.get(name) if overrides is not None else None
        return found if found is not None else (self.options.get(name) if self.options is not None else None)


def nx_targets(path: str, text: str, executors: Collection[str]) -> tuple[list[NxTarget], list[ConfigProblem]]:
    """The targets of a project.json run by one of `executors`, and the file's syntax problems (for the kind's
    owner to report: other tools reading the same file drop them)."""
    root, problems = parse_jsonc(path, SourceText(text))
    targets = root.get("targets") if root is not None else None
    if root is None or targets is None:
        return [], problems
    name = root.get("name")
    project = name.text if name is not None and name.text else os.path.basename(os.path.dirname(path))
    found = []
    for target_name, target in targets.members():
        executor = target.get("executor")
        if executor is None or executor.text is None or executor.text not in executors or target.key is None:
            continue
        overrides = target.get("configurations")
        default = target.get("defaultConfiguration")
        options = target.get("options")
        found.append(
            NxTarget(
                file=path,
                project=project if target_name == "serve" else f"{project}:{target_name}",
                executor=Token(executor.text, executor.location),
                node=target,
                options=options if options is not None and options.kind == "object" else None,
                configurations={
                    name: node for name, node in (overrides.members() if overrides else ()) if node.kind == "object"
                },
                default_configuration=default.text if default is not None else None,
            )
        )
    return found, problems


def read_serve_targets(
    path: str, text: str, executors: Collection[str], invocation: Callable[[NxTarget], Fact]
) -> ParseResult:
    """Each target run by one of `executors` as its tool's invocation, and the proxy config its `proxyConfig`
    names. Syntax problems are left to the kind's owner (the Angular tool's reader of project.json)."""
    result = ParseResult()
    targets, _ = nx_targets(path, text, executors)
    for target in targets:
        result.facts.append(invocation(target))
        proxy = target.option("proxyConfig")
        written = Token(proxy.text, proxy.location) if proxy is not None and proxy.text else None
        reference = proxy_reference(path, target.folder, written)
        if reference is not None:
            result.facts.append(reference)
    return result


def workspace_bases(folder: str, written: str) -> tuple[str, ...]:
    """The folders a path option may be relative to, in the order tried: the Nx workspace root the path
    implies (the project's folder less the part of the path that names it: `apps/shop/proxy.conf.json` from
    `<root>/apps/shop`), then the project's folder."""
    named = [part for part in os.path.dirname(os.path.normpath(written)).split(os.sep) if part not in ("", ".")]
    have = folder.split(os.sep)
    for length in range(len(named), 0, -1):
        if have[-length:] == named[:length]:
            return tuple(dict.fromkeys((os.sep.join(have[:-length]) or os.sep, folder)))
    return (folder,)


def proxy_reference(path: str, folder: str, token: Token | None) -> FileReference | None:
    """The proxy config a target's `proxyConfig` names, read as the `proxy` kind. Where the workspace root is
    only guessed, a config not found is not reported (it may lie where the guess does not look)."""
    if token is None or not token.text.strip():
        return None
    candidates = tuple(
        dict.fromkeys(os.path.normpath(os.path.join(base, token.text)) for base in workspace_bases(folder, token.text))
    )
    return FileReference(path, candidates, "proxy", token.location)
