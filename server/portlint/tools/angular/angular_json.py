"""angular.json → one `AngularServe` per project with a `serve` target.

The Angular CLI reads angular.json as JSONC; a project's targets sit under `architect` or `targets` (the
later of the two keys wins, as in `@angular-devkit/core`'s workspace reader). Any builder counts: the
dev-server options (port, host, proxyConfig) are the same for custom builders that wrap it.
"""

from __future__ import annotations

import json
import os

from ...core.facts import FileReference, ParseResult, Token, parse_port
from ...core.model import ConfigProblem, Insertion
from ...core.text import SourceText
from ...readers.json_insertion import first_member_place
from ...readers.jsonc import JNode, parse_jsonc, scalar_token
from .facts import AngularServe, ServeOptions

PORT_REASON = "port must be a number from 0 to 65535"


def parse_angular(path: str, text: str) -> ParseResult:
    result = ParseResult()
    layout = SourceText(text)
    root, problems = parse_jsonc(path, layout)
    result.problems.extend(problems)
    projects = root.get("projects") if root is not None else None
    if projects is None:
        return result
    for project, definition in projects.members():
        targets = None
        for name, member in definition.members():
            if name in ("architect", "targets") and member.kind == "object":
                targets = member
        serve = targets.get("serve") if targets is not None else None
        if serve is None or serve.kind != "object" or serve.key is None:
            continue
        options = _options(serve.get("options"), result.problems)
        configurations: dict[str, ServeOptions] = {}
        configurations_node = serve.get("configurations")
        if configurations_node is not None:
            for name, overrides in configurations_node.members():
                if overrides.kind == "object":
                    configurations[name] = _options(overrides, result.problems)
        default = serve.get("defaultConfiguration")
        project_root = definition.get("root")
        folder = project_root.text if project_root is not None and project_root.text else ""
        result.facts.append(
            AngularServe(
                file=path,
                project=project,
                key=serve.key,
                options=options,
                configurations=configurations,
                default_configuration=default.text if default is not None else None,
                port_insertion=_port_insertion(serve, layout),
                folder=os.path.normpath(os.path.join(os.path.dirname(path), folder)),
            )
        )
        result.facts.extend(_proxy_references(path, [options, *configurations.values()]))
    return result


def _proxy_references(path: str, options: list[ServeOptions]) -> list[FileReference]:
    """The proxy configs a serve target names: `ng serve` stops at once when one does not exist ("Proxy
    configuration file ... does not exist")."""
    references = []
    for option in options:
        token = option.proxy_config
        if token is not None and token.text.strip():
            proxy = os.path.normpath(os.path.join(os.path.dirname(path), token.text))
            missing = f"proxy config {token.text} does not exist"
            references.append(FileReference(path, (proxy,), "proxy", token.location, missing))
    return references


def _port_insertion(serve: JNode, layout: SourceText) -> Insertion | None:
    """Where `"port": N` goes: first into the serve `options`; when they are missing, a new `options`
    object first into the serve target. None when `options` already names a port or is no object."""
    options = serve.get("options")
    if options is not None:
        if options.get("port") is not None:
            return None
        place = first_member_place(options, layout)
        return place.insertion('"port": ') if place is not None else None
    place = first_member_place(serve, layout)
    if place is None:
        return None
    if place.indent is None:
        return place.insertion('"options": { "port": ', " }")
    inner = place.indent + place.unit
    return place.insertion(f'"options": {{{place.eol}{inner}"port": ', f"{place.eol}{place.indent}}}")


def _options(node: JNode | None, problems: list[ConfigProblem]) -> ServeOptions:
    if node is None or node.kind != "object":
        return ServeOptions()
    return ServeOptions(
        port=_port(node.get("port"), problems),
        host=_string(node.get("host"), "host", problems),
        proxy_config=_string(node.get("proxyConfig"), "proxyConfig", problems),
    )


def _port(node: JNode | None, problems: list[ConfigProblem]) -> Token | None:
    """The port as written; an unreadable one is kept (its `as_port()` is None) and reported."""
    if node is None:
        return None
    token = scalar_token(node)
    if token is None or parse_port(token.text) is None:
        problems.append(ConfigProblem(node.location, PORT_REASON))
        return token or Token(json.dumps(node.plain(), ensure_ascii=False), node.location)
    return token


def _string(node: JNode | None, what: str, problems: list[ConfigProblem]) -> Token | None:
    if node is None:
        return None
    if node.text is None:
        problems.append(ConfigProblem(node.location, f"{what} must be a string"))
        return None
    return Token(node.text, node.location)
