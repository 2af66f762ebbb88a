"""A middleware or route handler function of the file, read statement by statement: its unconditional header
writes, an early answer to OPTIONS (`if (req.method === 'OPTIONS') return res.sendStatus(200)`), then
`next()` or the status it ends with. Anything that could change the answer and is not one of these shapes (a
header write inside another `if`, a value that is not a literal, a status from a variable) makes the
function unreadable: None."""

from __future__ import annotations

from msgspec import Struct, field
from tree_sitter import Node

from ...readers.js_text import JsText, unwrap
from .express_facts import REFLECTED, HeaderWrite

_WRITES = {"header": False, "set": False, "setHeader": False, "append": True}
_ENDS = ("json", "send", "end", "sendStatus", "jsonp", "render", "redirect", "sendFile", "download")
_QUIET = ("comment", "lexical_declaration", "variable_declaration", "empty_statement")


class Read(Struct):
    """What reading a function found."""

    writes: list[HeaderWrite] = field(default_factory=list)
    options_writes: list[HeaderWrite] = field(default_factory=list)
    options_status: int | None = None
    ends: int | None = None
    passes: bool = False  # reached next()


class _Unreadable(Exception):
    pass


def read_function(text: JsText, function: Node) -> Read | None:
    """The function's behaviour, or None when it cannot be told from literals."""
    names = _parameters(text, function)
    if len(names) >= 4:  # an error handler: never runs for a request without an error
        return Read(passes=True)
    body = function.child_by_field_name("body")
    if body is None:
        return None
    reader = _Reader(text, *[*names, "", "", ""][:3])
    try:
        read = Read()
        if body.type == "statement_block":
            reader.statements(body.named_children, read, read.writes)
        else:  # `(req, res) => res.json(...)`
            reader.expression(unwrap(body), body, read, read.writes)
    except (_Unreadable, RecursionError):  # RecursionError: `if (OPTIONS)` nested beyond reason
        return None
    return read if read.passes or read.ends is not None else None


def _parameters(text: JsText, function: Node) -> list[str]:
    single = function.child_by_field_name("parameter")
    if single is not None:
        return [text.raw(single)]
    parameters = function.child_by_field_name("parameters")
    names: list[str] = []
    for child in parameters.named_children if parameters is not None else []:
        pattern = child.child_by_field_name("pattern") or child
        names.append(text.raw(pattern) if pattern.type == "identifier" else "")
    return names


class _Reader:
    def __init__(self, text: JsText, req: str, res: str, next_name: str) -> None:
        self.text, self.req, self.res, self.next = text, req, res, next_name

    def statements(self, statements: list[Node], read: Read, writes: list[HeaderWrite]) -> None:
        for statement in statements:
            if read.passes or read.ends is not None:
                return
            self.statement(statement, read, writes)

    def statement(self, node: Node, read: Read, writes: list[HeaderWrite]) -> None:
        kind = node.type
        if kind in ("expression_statement", "return_statement"):
            expression = node.named_children[0] if node.named_children else None
            if expression is None:  # a bare `return;` ends without an answer
                raise _Unreadable
            self.expression(unwrap(expression), node, read, writes)
        elif kind == "if_statement" and self._is_options_test(node):
            self._options_branch(node, read)
        elif kind not in _QUIET and self._touches_response(node):  # another `if`, a loop, a try...
            raise _Unreadable

    def expression(self, node: Node, statement: Node, read: Read, writes: list[HeaderWrite]) -> None:
        if node.type == "await_expression" and node.named_children:
            node = unwrap(node.named_children[0])
        if node.type != "call_expression":
            if self._touches_response(node):
                raise _Unreadable
            return
        callee = node.child_by_field_name("function")
        if callee is not None and callee.type == "identifier" and self.text.raw(callee) == self.next:
            if self.text.arguments(node):  # next(err)
                raise _Unreadable
            read.passes = True
            return
        method, chain = self._response_call(callee)
        if method in _WRITES and not chain:
            writes.extend(self._writes(node, statement, _WRITES[method]))
        elif method in _ENDS:
            read.ends = self._status(node, method, chain)
        elif self._touches_response(node):
            raise _Unreadable

    def _response_call(self, callee: Node | None) -> tuple[str, list[Node]]:
        """`res.json` → ("json", []); `res.status(404).json` → ("json", [the status call])."""
        if callee is None or callee.type != "member_expression":
            return "", []
        prop = callee.child_by_field_name("property")
        name = self.text.raw(prop) if prop is not None else ""
        chain: list[Node] = []
        owner = unwrap(callee.child_by_field_name("object") or callee)
        while owner.type == "call_expression":
            chain.insert(0, owner)
            inner = owner.child_by_field_name("function")
            if inner is None or inner.type != "member_expression":
                return "", []
            owner = unwrap(inner.child_by_field_name("object") or inner)
        if owner.type == "identifier" and self.text.raw(owner) == self.res:
            return name, chain
        return "", []

    def _status(self, call: Node, method: str, chain: list[Node]) -> int:
        """The status of `res.sendStatus(N)`, `res.status(N).json(...)`, `res.json(...)` (200)."""
        if method == "redirect":
            return 302
        status_call = call if method == "sendStatus" else next(iter(chain), None)
        if status_call is None:
            return 200
        callee = status_call.child_by_field_name("function")
        prop = callee.child_by_field_name("property") if callee is not None else None
        if status_call is not call and (prop is None or self.text.raw(prop) != "status" or len(chain) != 1):
            raise _Unreadable
        arguments = self.text.arguments(status_call)
        if len(arguments) != 1 or arguments[0].type != "number" or not self.text.raw(arguments[0]).isdigit():
            raise _Unreadable
        return int(self.text.raw(arguments[0]))

    def _writes(self, call: Node, statement: Node, append: bool) -> list[HeaderWrite]:
        arguments = [unwrap(argument) for argument in self.text.arguments(call)]
        pairs: list[tuple[Node, Node]] = []
        if len(arguments) == 2:
            pairs.append((arguments[0], arguments[1]))
        elif len(arguments) == 1 and arguments[0].type == "object":  # res.set({...})
            for pair in arguments[0].named_children:
                key, value = pair.child_by_field_name("key"), pair.child_by_field_name("value")
                if pair.type != "pair" or key is None or value is None:
                    raise _Unreadable
                pairs.append((key, value))
        else:
            raise _Unreadable
        return [self._write(key, value, statement, append) for key, value in pairs]

    def _write(self, key: Node, value: Node, statement: Node, append: bool) -> HeaderWrite:
        name = self.text.string(key) if key.type == "string" else self.text.raw(key)
        if name is None or key.type not in ("string", "property_identifier"):
            raise _Unreadable
        values = self._values(unwrap(value))
        if values is None:
            if name.lower().startswith("access-control-"):
                raise _Unreadable
            values = ("",)  # another header's value: it does not matter to CORS
        start = self.text.index.char_of_byte(statement.start_byte)
        end = self.text.index.char_of_byte(statement.end_byte)
        removal = self.text.location(statement).range if start < end else None
        return HeaderWrite(name.lower(), values, append, self.text.location(key, inner=True), removal)

    def _values(self, node: Node) -> tuple[str, ...] | None:
        if node.type == "string":
            value = self.text.string(node)
            return (value,) if value is not None else None
        if node.type == "array":
            values = [self._values(unwrap(item)) for item in node.named_children]
            if any(value is None or len(value) != 1 for value in values):
                return None
            return tuple(value[0] for value in values if value is not None)
        if node.type in ("true", "false", "number"):
            return (self.text.raw(node),)
        spelled = self.text.raw(node).replace(" ", "").lower()
        if spelled in (f"{self.req}.headers.origin", f"{self.req}.get('origin')", f"{self.req}.header('origin')"):
            return (REFLECTED,)
        return None

    def _options_branch(self, node: Node, read: Read) -> None:
        consequence = node.child_by_field_name("consequence")
        branch = Read()
        if consequence is not None:
            statements = consequence.named_children if consequence.type == "statement_block" else [consequence]
            self.statements(statements, branch, branch.writes)
        if branch.ends is None or branch.passes:
            raise _Unreadable
        read.options_writes, read.options_status = branch.writes, branch.ends
        alternative = node.child_by_field_name("alternative")
        if alternative is not None:
            body = alternative.named_children[0] if alternative.named_children else None
            if body is not None:
                self.statements(body.named_children if body.type == "statement_block" else [body], read, read.writes)

    def _is_options_test(self, node: Node) -> bool:
        condition = node.child_by_field_name("condition")
        spelled = self.text.raw(condition).replace(" ", "").strip("()") if condition is not None else ""
        method = f"{self.req}.method"
        return spelled in (f"{method}==='OPTIONS'", f"{method}=='OPTIONS'", f"'OPTIONS'==={method}") or spelled in (
            f'{method}==="OPTIONS"',
            f'{method}=="OPTIONS"',
        )

    def _touches_response(self, node: Node) -> bool:
        """Whether a statement might answer, write a header or call next (then only a known shape will do)."""
        words = set(self.text.raw(node).replace(".", " ").replace("(", " ").split())
        return bool(words & {self.res, self.next, "return"} - {""})
