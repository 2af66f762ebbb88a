"""An Nx project's `project.json` → an `AngularServe` for a target run by an Angular dev-server executor.

Nx keeps each project's targets in its own project.json (no angular.json): `"executor":
"@nx/angular:dev-server"` (or the Angular CLI's own builders) with the same options as angular.json's serve
target (`port`, `host`, `proxyConfig`, `configurations`, `defaultConfiguration`). Paths in the options are
relative to the Nx workspace root, the folder of nx.json above the project. The parser cannot look for it;
the path itself tells: `apps/shop/proxy.conf.json` named by `<root>/apps/shop/project.json` puts the root two
folders up. The project's own folder is the fallback; the first candidate that exists is the one read.
"""

from __future__ import annotations

import os

from ...core.facts import FileReference, ParseResult
from ...core.text import SourceText
from ...readers.jsonc import parse_jsonc
from .angular_json import _options, _port_insertion
from .facts import AngularServe, ServeOptions

DEV_SERVER_EXECUTORS = frozenset(
    {"@angular-devkit/build-angular:dev-server", "@angular/build:dev-server", "@nx/angular:dev-server"}
)


def parse_nx_project(path: str, text: str) -> ParseResult:
    result = ParseResult()
    layout = SourceText(text)
    root, problems = parse_jsonc(path, layout)
    result.problems.extend(problems)
    targets = root.get("targets") if root is not None else None
    if root is None or targets is None:
        return result
    name = root.get("name")
    folder = os.path.dirname(path)
    project = name.text if name is not None and name.text else os.path.basename(folder)
    for target_name, target in targets.members():
        executor = target.get("executor")
        if executor is None or executor.text not in DEV_SERVER_EXECUTORS or target.key is None:
            continue
        options = _options(target.get("options"), result.problems)
        overrides = target.get("configurations")
        configurations = {
            name: _options(node, result.problems)
            for name, node in (overrides.members() if overrides is not None else ())
            if node.kind == "object"
        }
        every = (options, *configurations.values())
        default = target.get("defaultConfiguration")
        result.facts.append(
            AngularServe(
                file=path,
                project=project if target_name == "serve" else f"{project}:{target_name}",
                key=target.key,
                options=options,
                configurations=configurations,
                default_configuration=default.text if default is not None else None,
                port_insertion=_port_insertion(target, layout),
                folder=folder,
                proxy_bases=tuple(dict.fromkeys((*(_workspace_root(folder, o) for o in every), folder))),
            )
        )
        result.facts.extend(_proxy_references(path, folder, every))
    return result


def _proxy_references(path: str, folder: str, options: tuple[ServeOptions, ...]) -> list[FileReference]:
    """The proxy configs a target names. Where the workspace root is only guessed, a config not found is not
    reported (it may lie where the guess does not look)."""
    references = []
    for option in options:
        token = option.proxy_config
        if token is not None and token.text.strip():
            bases = dict.fromkeys((_workspace_root(folder, option), folder))
            candidates = tuple(dict.fromkeys(os.path.normpath(os.path.join(base, token.text)) for base in bases))
            references.append(FileReference(path, candidates, "proxy", token.location))
    return references


def _workspace_root(folder: str, options: ServeOptions) -> str:
    """The Nx workspace root a proxyConfig path implies: the project's folder less the part of the path that
    names it (`apps/shop/proxy.conf.json` from `<root>/apps/shop`); the project's folder when none does."""
    written = options.proxy_config.text if options.proxy_config is not None else ""
    named = [part for part in os.path.dirname(os.path.normpath(written)).split(os.sep) if part not in ("", ".")]
    have = folder.split(os.sep)
    for length in range(len(named), 0, -1):
        if have[-length:] == named[:length]:
            return os.sep.join(have[:-length]) or os.sep
    return folder
