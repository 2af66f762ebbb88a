"""A compose file → its services' published ports, read with PyYAML's composer (nodes with their positions;
nothing is constructed, so no tag can run code and an alias is never expanded). `<<: *anchor` merges are
followed, as compose follows them. The files `include:` and `extends: {file: ...}` name (relative to this
file's folder) are loaded too, whatever their names."""

from __future__ import annotations

import os

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ...core.facts import FileReference, ParseResult
from ...core.model import ConfigProblem, Location, Range
from ...core.text import SourceText
from .facts import ComposeFile, ComposePort, ComposeService, Extends, Scalar

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MERGE = "tag:yaml.org,2002:merge"
_STRING = "tag:yaml.org,2002:str"
_MAX_MERGE_DEPTH = 8
_MAX_MERGED = 256  # mappings merged into one mapping, all depths together: aliases must not multiply work


def parse_compose_file(path: str, text: str) -> ParseResult:
    source = SourceText(text)
    try:
        root = yaml.compose(source.text, Loader=_LOADER)
    except yaml.YAMLError as error:
        return ParseResult(problems=[_problem(path, source, error)])
    except RecursionError:
        return ParseResult(problems=[ConfigProblem(Location(path, Range.of(0, 0)), "YAML nested too deeply")])
    reader = _Reader(path, source)
    services = _get(root, "services")
    found = [reader.service(key, value) for key, value in _items(services)] if isinstance(services, MappingNode) else []
    includes = reader.includes(_get(root, "include"))
    named = {**dict(includes), **reader.extends_locations}  # the other files to load, and where each is named
    references = [FileReference(path, (other,), "compose", location) for other, location in named.items()]
    compose = ComposeFile(path, tuple(s for s in found if s is not None), tuple(other for other, _ in includes))
    return ParseResult(facts=[compose, *references])


class _Reader:
    def __init__(self, path: str, source: SourceText) -> None:
        self.path = path
        self.source = source
        self.extends_locations: dict[str, Location] = {}  # the other files `extends` names, where

    def includes(self, node: Node | None) -> list[tuple[str, Location]]:
        """`include: [a.yaml, {path: b.yaml}, {path: [c.yaml, d.yaml]}]`, paths made absolute."""
        entries = node.value if isinstance(node, SequenceNode) else []
        found = []
        for entry in entries:
            paths = _get(entry, "path") if isinstance(entry, MappingNode) else entry
            for item in paths.value if isinstance(paths, SequenceNode) else [paths]:
                if isinstance(item, ScalarNode) and item.tag == _STRING and item.value:
                    found.append((self.absolute(item.value), self.location(item)))
        return found

    def absolute(self, written: str) -> str:
        return os.path.normpath(os.path.join(os.path.dirname(self.path), written))

    def extends(self, node: Node | None) -> Extends | None:
        if isinstance(node, ScalarNode):
            return Extends(node.value)
        service, file = _get(node, "service"), _get(node, "file")
        if not isinstance(service, ScalarNode):
            return None
        if not isinstance(file, ScalarNode) or not file.value:
            return Extends(service.value)
        other = self.absolute(file.value)
        self.extends_locations.setdefault(other, self.location(file))
        return Extends(service.value, other)

    def service(self, key: Node, value: Node) -> ComposeService | None:
        if not isinstance(key, ScalarNode) or not isinstance(value, MappingNode):
            return None
        ports = _get(value, "ports")
        entries = ports.value if isinstance(ports, SequenceNode) else []
        container = _get(value, "container_name")
        network = _get(value, "network_mode")
        profiles = _get(value, "profiles")
        return ComposeService(
            key.value,
            self.location(key),
            tuple(port for entry in entries if (port := self.port(entry)) is not None),
            container.value if isinstance(container, ScalarNode) else None,
            host_network=isinstance(network, ScalarNode) and network.value == "host",
            profiles=tuple(p.value for p in profiles.value if isinstance(p, ScalarNode))
            if isinstance(profiles, SequenceNode)
            else (),
            extends=self.extends(_get(value, "extends")),
        )

    def port(self, entry: Node) -> ComposePort | None:
        if isinstance(entry, ScalarNode):
            return ComposePort(self.location(entry), spec=self.scalar(entry))
        if not isinstance(entry, MappingNode):
            return None
        fields = {name: self.scalar(_get(entry, name)) for name in ("published", "target", "host_ip", "protocol")}
        return ComposePort(self.location(entry), **fields)

    def scalar(self, node: Node | None) -> Scalar | None:
        if not isinstance(node, ScalarNode):
            return None
        quote = 1 if node.style in ("'", '"') else 0
        start, end = node.start_mark.index + quote, node.end_mark.index - quote
        raw = self.source.text[start:end]
        direct = raw == node.value and "\n" not in raw
        return Scalar(node.value, self.source.location(self.path, start, end), direct)

    def location(self, node: Node) -> Location:
        return self.source.location(self.path, node.start_mark.index, node.end_mark.index)


def _items(mapping: MappingNode, depth: int = 0, budget: list[int] | None = None) -> list[tuple[Node, Node]]:
    """The mapping's pairs, with `<<` merges in (the mapping's own keys win)."""
    budget = [_MAX_MERGED] if budget is None else budget
    own = [(k, v) for k, v in mapping.value if k.tag != _MERGE]
    merged: list[tuple[Node, Node]] = []
    if depth < _MAX_MERGE_DEPTH:
        for key, value in mapping.value:
            if key.tag == _MERGE:
                sources = value.value if isinstance(value, SequenceNode) else [value]
                for source in sources:
                    if isinstance(source, MappingNode) and budget[0] > 0:
                        budget[0] -= 1
                        merged += _items(source, depth + 1, budget)
    names = {k.value for k, _ in own if isinstance(k, ScalarNode)}
    return own + [(k, v) for k, v in merged if not (isinstance(k, ScalarNode) and k.value in names)]


def _get(node: Node | None, name: str) -> Node | None:
    if not isinstance(node, MappingNode):
        return None
    for key, value in reversed(_items(node)):  # a repeated key: the last one (PyYAML's constructor keeps it)
        if isinstance(key, ScalarNode) and key.value == name:
            return value
    return None


def _problem(path: str, source: SourceText, error: yaml.YAMLError) -> ConfigProblem:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    at = min(mark.index, len(source.text)) if mark is not None else 0
    reason = getattr(error, "problem", None) or str(error)
    return ConfigProblem(source.location(path, at, at), f"not valid YAML: {reason}")
