"""An Nx project's `project.json` → an `AngularServe` for a target run by an Angular dev-server executor.

Such a target takes the same options as angular.json's serve target (`port`, `host`, `proxyConfig`,
`configurations`, `defaultConfiguration`); its paths are relative to the Nx workspace root
(`readers.nx_project`). Other executors of the same file (Vite's, Next's) are read by their own tools.
"""

from __future__ import annotations

from ...core.facts import FileReference, ParseResult
from ...core.text import SourceText
from ...readers.nx_project import nx_targets, proxy_reference, workspace_bases
from .angular_json import _options, _port_insertion
from .facts import AngularServe, ServeOptions

DEV_SERVER_EXECUTORS = frozenset(
    {"@angular-devkit/build-angular:dev-server", "@angular/build:dev-server", "@nx/angular:dev-server"}
)


def parse_nx_project(path: str, text: str) -> ParseResult:
    result = ParseResult()
    targets, problems = nx_targets(path, text, DEV_SERVER_EXECUTORS)
    result.problems.extend(problems)
    layout = SourceText(text)
    for target in targets:
        options = _options(target.options, result.problems)
        configurations = {name: _options(node, result.problems) for name, node in target.configurations.items()}
        every = (options, *configurations.values())
        folder = target.folder
        bases = (base for o in every for base in workspace_bases(folder, _written(o)))
        result.facts.append(
            AngularServe(
                file=path,
                project=target.project,
                key=target.key,
                options=options,
                configurations=configurations,
                default_configuration=target.default_configuration,
                port_insertion=_port_insertion(target.node, layout),
                folder=folder,
                proxy_bases=tuple(dict.fromkeys((*bases, folder))),
            )
        )
        result.facts.extend(_proxy_references(path, folder, every))
    return result


def _written(options: ServeOptions) -> str:
    return options.proxy_config.text if options.proxy_config is not None else ""


def _proxy_references(path: str, folder: str, options: tuple[ServeOptions, ...]) -> list[FileReference]:
    """The proxy configs a target names."""
    found = (proxy_reference(path, folder, option.proxy_config) for option in options)
    return [reference for reference in found if reference is not None]
