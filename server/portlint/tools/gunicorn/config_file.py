"""`gunicorn.conf.py` → its `bind`, read with tree-sitter-python (never executed): a string or a list or tuple
of strings, each possibly with its port read from the environment with a fallback (`"[::]:{}".format(
os.environ.get("PORT", 5006))`, the f-string or `+` spellings); anything else is known only at run time."""

from __future__ import annotations

from tree_sitter import Node, Parser

from ...core.facts import Address, ParseResult, Token
from ...core.model import Location
from ...core.text import SourceText
from ...readers.grammars import PYTHON, grammar
from .address import Span, address, split
from .facts import GunicornConfig

_PYTHON = grammar(PYTHON)


def parse_gunicorn_config(path: str, text: str) -> ParseResult:
    source = SourceText(text)
    root = Parser(_PYTHON).parse(source.source).root_node
    config = GunicornConfig(path)
    for statement in root.named_children:
        assignment = statement.named_children[0] if statement.type == "expression_statement" else None
        if assignment is None or assignment.type != "assignment":
            continue
        left, right = assignment.child_by_field_name("left"), assignment.child_by_field_name("right")
        if left is None or right is None or _text(source, left) != "bind":
            continue
        at = Location(path, source.byte_range(left.start_byte, left.end_byte))
        binds = _binds(path, source, right)
        if binds is None:
            config = GunicornConfig(path, (), at, bind_computed=True)
        else:
            addresses = tuple(bind for bind, _ in binds)
            config = GunicornConfig(path, addresses, at, port_variables=tuple(v for _, v in binds))
    return ParseResult(facts=[config])


def _binds(path: str, source: SourceText, value: Node) -> list[tuple[Address, str | None]] | None:
    items = value.named_children if value.type in ("list", "tuple") else [value]
    found: list[tuple[Address, str | None]] = []
    for item in items:
        if item.type == "comment":
            continue
        literal = _address(path, source, item)
        bind = (literal, None) if literal is not None else _templated(path, source, item)
        if bind is None:
            return None
        found.append(bind)
    return found


_ENV_GETTERS = frozenset({"os.environ.get", "environ.get", "os.getenv", "getenv"})


def _templated(path: str, source: SourceText, node: Node) -> tuple[Address, str] | None:
    """`"HOST:{}".format(GET)`, `f"HOST:{GET}"`, `"HOST:" + GET` (GET possibly in `str()`), where GET is
    `os.environ.get("VAR", DEFAULT)`: the address with the fallback as its port, and VAR."""
    prefix: Node | None = None
    getter: Node | None = None
    if node.type == "call" and (function := node.child_by_field_name("function")) is not None:
        obj, attribute = function.child_by_field_name("object"), function.child_by_field_name("attribute")
        arguments = _arguments(node)
        if obj is not None and attribute is not None and _text(source, attribute) == "format" and len(arguments) == 1:
            prefix, getter = obj, arguments[0]
            if not _text(source, obj).rstrip("'\"").endswith("{}"):
                return None
    elif node.type == "binary_operator" and _text(source, node.children[1]) == "+":
        prefix, getter = node.child_by_field_name("left"), node.child_by_field_name("right")
    elif node.type == "string":
        parts = [c for c in node.named_children if c.type not in ("string_start", "string_end")]
        if len(parts) == 2 and parts[0].type == "string_content" and parts[1].type == "interpolation":
            expression = parts[1].child_by_field_name("expression")
            return _from(path, source, parts[0], expression) if expression is not None else None
        return None
    if prefix is None or getter is None or prefix.type != "string":
        return None
    contents = [c for c in prefix.named_children if c.type == "string_content"]
    return _from(path, source, contents[0], getter) if len(contents) == 1 else None


def _from(path: str, source: SourceText, content: Node, getter: Node) -> tuple[Address, str] | None:
    if getter.type == "call" and _text(source, getter.child_by_field_name("function") or getter) == "str":
        inner = _arguments(getter)
        getter = inner[0] if len(inner) == 1 else getter
    function = getter.child_by_field_name("function") if getter.type == "call" else None
    arguments = _arguments(getter) if getter.type == "call" else []
    if function is None or _text(source, function) not in _ENV_GETTERS or len(arguments) != 2:
        return None
    name, fallback = _plain(source, arguments[0]), arguments[1]
    default: Token | None = _string_token(path, source, fallback)
    if fallback.type == "integer":
        default = Token(
            _text(source, fallback), Location(path, source.byte_range(fallback.start_byte, fallback.end_byte))
        )
    if name is None or default is None:
        return None
    text = _text(source, content).removesuffix("{}")
    start = source.char_of_byte(content.start_byte)
    _, host_span, _ = split(text + "0")
    host = None
    if host_span is not None:
        host = Token(
            text[host_span[0] : host_span[1]], source.location(path, start + host_span[0], start + host_span[1])
        )
    written = Token(text + default.text, Location(path, source.byte_range(content.start_byte, getter.end_byte)))
    return Address(written, host, default), name


def _arguments(call: Node) -> list[Node]:
    arguments = call.child_by_field_name("arguments")
    return [a for a in arguments.named_children if a.type != "comment"] if arguments is not None else []


def _plain(source: SourceText, node: Node) -> str | None:
    inner = [c for c in node.named_children if c.type not in ("string_start", "string_end")]
    if node.type != "string" or len(inner) != 1 or inner[0].type != "string_content":
        return None
    return _text(source, inner[0])


def _string_token(path: str, source: SourceText, node: Node) -> Token | None:
    inner = [c for c in node.named_children if c.type not in ("string_start", "string_end")]
    if node.type != "string" or len(inner) != 1 or inner[0].type != "string_content":
        return None
    return Token(_text(source, inner[0]), Location(path, source.byte_range(inner[0].start_byte, inner[0].end_byte)))


def _address(path: str, source: SourceText, node: Node) -> Address | None:
    """A plain string's address, its parts located character for character (no escapes, no f-string)."""
    if node.type != "string":
        return None
    inner = [c for c in node.named_children if c.type not in ("string_start", "string_end")]
    if len(inner) > 1 or any(c.type != "string_content" for c in inner):
        return None
    start_node = inner[0] if inner else node.named_children[0]
    start = source.char_of_byte(start_node.start_byte if inner else start_node.end_byte)
    content = _text(source, inner[0]) if inner else ""

    def token(span: Span) -> Token:
        return Token(content[span[0] : span[1]], source.location(path, start + span[0], start + span[1]))

    return address(token((0, len(content))), token)


def _text(source: SourceText, node: Node) -> str:
    return source.decode(node.start_byte, node.end_byte)
