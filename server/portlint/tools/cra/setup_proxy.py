"""src/setupProxy.js → one `CraProxy` per literal `target` handed to http-proxy-middleware:
`app.use('/api', createProxyMiddleware({ target: 'http://localhost:5000' }))` or the older
`proxy('/api', { target })`. Read with tree-sitter, never run; a target that is no literal is skipped."""

from __future__ import annotations

from tree_sitter import Node, Parser

from ...core.facts import ParseResult
from ...core.model import ConfigProblem
from ...core.text import SourceText
from ...readers.grammars import JAVASCRIPT, parser
from ...readers.jsonc import JNode
from ...readers.proxy_targets import read_target
from ...readers.syntax_tree import walk
from .facts import CraProxy


def _parser() -> Parser:
    return parser(JAVASCRIPT)


def parse_setup_proxy(path: str, text: str) -> ParseResult:
    index = SourceText(text)
    source = index.source
    result = ParseResult()

    def raw(node: Node) -> str:
        return source[node.start_byte : node.end_byte].decode("utf-8", errors="replace")

    for node in walk(_parser().parse(source).root_node):
        if node.type != "pair":
            continue
        key, value = node.child_by_field_name("key"), node.child_by_field_name("value")
        if key is None or value is None or raw(key).strip("'\"") != "target" or value.type != "string":
            continue
        if any(child.type != "string_fragment" for child in value.named_children):
            continue  # escapes: not worth following
        start, end = index.char_of_byte(value.start_byte) + 1, index.char_of_byte(value.end_byte) - 1
        string = JNode("string", raw(value)[1:-1], index.location(path, start, max(start, end)))
        target = read_target(path, _context(node), string)
        if isinstance(target, ConfigProblem):
            result.problems.append(target)
        else:
            result.facts.append(CraProxy(target))
    return result


def _context(pair: Node) -> str:
    """The path the proxy serves: the first string argument of the call around the target's object, or of
    the `app.use(...)` around that call; "setupProxy" when neither names one."""
    node: Node | None = pair.parent
    while node is not None:
        if node.type == "arguments":
            strings = [c for c in node.named_children if c.type == "string"]
            if strings:
                text = strings[0].text
                return text.decode("utf-8", errors="replace")[1:-1] if text is not None else "setupProxy"
        node = node.parent
    return "setupProxy"
