"""A compose file → its services' published ports, read with PyYAML's composer (nodes with their positions;
nothing is constructed, so no tag can run code and an alias is never expanded). `<<: *anchor` merges are
followed, as compose follows them."""

from __future__ import annotations

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ...core.facts import ParseResult
from ...core.model import ConfigProblem, Location, Range
from ...core.text import SourceText
from .facts import ComposeFile, ComposePort, ComposeService, Scalar

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MERGE = "tag:yaml.org,2002:merge"
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
    if not isinstance(services, MappingNode):
        return ParseResult(facts=[ComposeFile(path)])
    found = [reader.service(key, value) for key, value in _items(services)]
    return ParseResult(facts=[ComposeFile(path, tuple(s for s in found if s is not None))])


class _Reader:
    def __init__(self, path: str, source: SourceText) -> None:
        self.path = path
        self.source = source

    def service(self, key: Node, value: Node) -> ComposeService | None:
        if not isinstance(key, ScalarNode) or not isinstance(value, MappingNode):
            return None
        ports = _get(value, "ports")
        entries = ports.value if isinstance(ports, SequenceNode) else []
        container = _get(value, "container_name")
        network = _get(value, "network_mode")
        return ComposeService(
            key.value,
            self.location(key),
            tuple(port for entry in entries if (port := self.port(entry)) is not None),
            container.value if isinstance(container, ScalarNode) else None,
            host_network=isinstance(network, ScalarNode) and network.value == "host",
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
