"""A JavaScript or TypeScript config module (proxy.conf.js, vite.config.ts, ...) read statically into
`JNode`s, never executed.

The tools import the module and take its default export. Here only the literal part of it is read:
`module.exports = {...}` / `[...]`, `export default {...}` / `[...]`, either of them naming a
`const`/`let`/`var` initialised with such a literal in the same file or a variable assigned one without a
declaration (one level), wrapped in a config
helper (`defineConfig({...})`, any `define*(...)` call: the helpers return their argument; of a
`merge(common, {...})` only the last literal object, the part the file itself adds) or returned by
a config function (`defineConfig(({ mode }) => ({...}))`, `=> { return {...} }`) for tools that call
one (`calls_functions`: Vite does, the Angular CLI's proxy loader does not). With `Calls`, a member that
is a function the tool calls (`async rewrites() { return [...] }`) is read as what it returns, a tool's
plugin wrappers (`withBundleAnalyzer(config)`, `withPWA({...})(config)`) as their first argument, and
`process.env.X === 'v' ? a : b` as the branch the tool's own value of X picks. TypeScript's `as`,
`satisfies` and `!` are looked through. A member whose value is no literal (a variable, a call, a template
with `${}`) is kept as a `"code"` node — set, to a value only run time knows — which readers skip
quietly; spreads and computed keys are left out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache

from tree_sitter import Node, Parser

from ..core.model import ConfigProblem, Location
from ..core.text import SourceText
from .grammars import JAVASCRIPT, TYPESCRIPT, grammar
from .js_scalars import number as _number
from .js_scalars import unescape as _unescape
from .jsonc import CODE as CODE  # re-exported for the config readers built on this one
from .jsonc import JNode

_TYPESCRIPT_SUFFIXES = (".ts", ".mts", ".cts")
# TypeScript wrappers around a value: `x as T`, `x satisfies T`, `x!`, `<T>x`.
_TYPE_WRAPPERS = frozenset({"as_expression", "satisfies_expression", "non_null_expression", "type_assertion"})
_FUNCTIONS = frozenset({"arrow_function", "function_expression", "function"})
_EQUALITY = frozenset({"===", "==", "!==", "!="})
_MAX_INDIRECTIONS = 4  # export → name → helper call → function → literal


@cache
def _parser(typescript: bool) -> Parser:
    if typescript:
        return Parser(grammar(TYPESCRIPT))
    return Parser(grammar(JAVASCRIPT))


@dataclass(frozen=True)
class Calls:
    """What the tool does with the module beyond taking its literal export (see the module's docstring)."""

    methods: bool = False
    wrappers: tuple[str, ...] = ()  # name prefixes of plugin wrappers ("with")
    env: Mapping[str, str] = field(default_factory=dict)


def read_js_config(
    path: str, text: str, *, calls_functions: bool = False, name: str | None = None, calls: Calls | None = None
) -> tuple[JNode | None, list[ConfigProblem]]:
    """The literal default export of a JS module, or None (quietly when there is none to read).
    `calls_functions`: the tool calls an exported function and takes what it returns. `name`: read the
    top-level `const name = ...` (`export const environment = {...}`) instead of the default export."""
    index = SourceText(text)
    if not text.strip():
        return None, [ConfigProblem(Location(path, index.range(0, len(text))), "the file is empty")]
    try:
        reader = _Reader(path, text, index, calls_functions, calls or Calls())
        return reader.read(name)
    except RecursionError:
        return None, [ConfigProblem(index.location(path, 0, 0), "the values are nested too deeply to read")]


class _Reader:
    def __init__(self, path: str, text: str, index: SourceText, calls_functions: bool, calls: Calls) -> None:
        self.path = path
        self.calls_functions = calls_functions
        self.calls = calls
        self.index = index
        self.source = index.source
        self.to_char = index.char_of_byte
        self.root = _parser(path.lower().endswith(_TYPESCRIPT_SUFFIXES)).parse(self.source).root_node

    def read(self, name: str | None = None) -> tuple[JNode | None, list[ConfigProblem]]:
        if self.root.has_error:
            return None, [self._syntax_problem()]
        exported = self._literal(self._exported() if name is None else self._declared(name), self.calls_functions)
        return (self._value(exported), []) if exported is not None else (None, [])

    def _literal(self, node: Node | None, calls_functions: bool) -> Node | None:
        """The object or array literal a node stands for, following names, helpers and functions."""
        for _ in range(_MAX_INDIRECTIONS):
            if node is None or node.type in ("object", "array"):
                break
            node = self._behind(node, calls_functions)
        return node if node is not None and node.type in ("object", "array") else None

    def _behind(self, node: Node, calls_functions: bool) -> Node | None:
        """What a name, a config helper's call or a config function stands for; None when not literal."""
        if node.type == "identifier":
            return self._declared(self._raw(node))
        if node.type == "call_expression":
            callee, arguments = node.child_by_field_name("function"), node.child_by_field_name("arguments")
            if callee is None or arguments is None:
                return None
            values = [_unwrap(child) for child in arguments.named_children if child.type != "comment"]
            name = self._raw(_innermost_callee(callee)).rsplit(".", 1)[-1]
            if name.startswith(("define", *self.calls.wrappers)):
                return values[0] if values else None
            if name.lower().endswith("merge") or name == "mergeConfig":  # webpack-merge, Vite's mergeConfig
                objects = [value for value in values if value.type == "object"]
                return objects[-1] if objects else None  # what the project adds: the last literal part
            return None
        if node.type in (*_FUNCTIONS, "method_definition") and calls_functions:
            body = node.child_by_field_name("body")
            if body is None or body.type != "statement_block":
                return _unwrap(body) if body is not None else None
            returns = [s for s in body.named_children if s.type == "return_statement" and s.named_children]
            return _unwrap(returns[-1].named_children[0]) if returns else None
        return None

    def _exported(self) -> Node | None:
        """The last `module.exports = X` or `export default X` at the top level (X unwrapped)."""
        found: Node | None = None
        for statement in self.root.named_children:
            value: Node | None = None
            if statement.type == "expression_statement" and statement.named_children:
                expression = _unwrap(statement.named_children[0])
                if expression.type == "assignment_expression" and self._is_module_exports(
                    expression.child_by_field_name("left")
                ):
                    value = expression.child_by_field_name("right")
            elif statement.type == "export_statement" and any(c.type == "default" for c in statement.children):
                value = statement.child_by_field_name("value")
            if value is not None:
                found = _unwrap(value)
        return found

    def _is_module_exports(self, node: Node | None) -> bool:
        if node is None or node.type != "member_expression":
            return False
        owner, member = node.child_by_field_name("object"), node.child_by_field_name("property")
        return (
            owner is not None and member is not None and self._raw(owner) == "module" and self._raw(member) == "exports"
        )

    def _declared(self, name: str) -> Node | None:
        """The value of a top-level `const|let|var name = ...`, or of `name = ...` assigning a variable no one
        declared (sloppy-mode JavaScript, as in `PROXY_CONFIG = [...]; module.exports = PROXY_CONFIG`): the
        last one."""
        found: Node | None = None
        for statement in self.root.named_children:
            if statement.type == "expression_statement" and statement.named_children:
                assigned = self._assigned(_unwrap(statement.named_children[0]), name)
                found = assigned if assigned is not None else found
                continue
            if statement.type == "export_statement":
                declaration = statement.child_by_field_name("declaration")
                statement = declaration if declaration is not None else statement
            if statement.type not in ("lexical_declaration", "variable_declaration"):
                continue
            for declarator in statement.named_children:
                if declarator.type != "variable_declarator":
                    continue
                target = declarator.child_by_field_name("name")
                value = declarator.child_by_field_name("value")
                if target is not None and value is not None and self._raw(target) == name:
                    found = _unwrap(value)
        return found

    def _assigned(self, expression: Node, name: str) -> Node | None:
        """The right side of `name = value`, or None for any other expression."""
        if expression.type != "assignment_expression":
            return None
        left, right = expression.child_by_field_name("left"), expression.child_by_field_name("right")
        if left is None or right is None or left.type != "identifier" or self._raw(left) != name:
            return None
        return _unwrap(right)

    # ---- literals → JNode ------------------------------------------------------------------------

    def _value(self, node: Node, key: Location | None = None) -> JNode | None:
        node = _unwrap(node)
        kind = node.type
        if kind == "object":
            members: dict[str, JNode] = {}
            for pair in node.named_children:
                value_node: Node | None = pair
                if pair.type == "method_definition" and self.calls.methods:
                    key_node = pair.child_by_field_name("name")
                elif pair.type == "pair":
                    key_node, value_node = pair.child_by_field_name("key"), pair.child_by_field_name("value")
                else:
                    continue  # spread, shorthand `{ target }`, methods: not literal
                if key_node is None or value_node is None:
                    continue
                name_and_location = self._key(key_node)
                if name_and_location is None:
                    continue
                name, key_location = name_and_location
                members.pop(name, None)
                member = self._value(value_node, key_location)
                if member is not None:
                    members[name] = member
            return JNode("object", members, self._outer(node), key)
        if kind == "array":
            elements = [self._value(child) for child in node.named_children if child.type != "comment"]
            return JNode("array", [e for e in elements if e is not None], self._outer(node), key)
        if kind in ("string", "template_string"):
            value = self._string(node)
            return self._code(node, key) if value is None else JNode("string", value, self._inner(node), key)
        if kind == "number":
            number = _number(self._raw(node))
            return self._code(node, key) if number is None else JNode("number", number, self._outer(node), key)
        if kind in (*_FUNCTIONS, "method_definition") and self.calls.methods:
            returned = self._literal(node, calls_functions=True)
            return self._value(returned, key) if returned is not None else self._code(node, key)
        if kind == "ternary_expression" and (branch := self._env_branch(node)) is not None:
            return self._value(branch, key)
        if kind in ("true", "false"):
            return JNode(kind, kind == "true", self._outer(node), key)
        if kind == "null":
            return JNode("null", None, self._outer(node), key)
        return self._code(node, key)  # identifiers, calls, functions, ...: not a literal

    def _env_branch(self, node: Node) -> Node | None:
        """The branch of `process.env.X === 'v' ? a : b` (also `==`, `!==`, `!=`, either side first) that
        the tool's fixed value of X picks; None for any other condition."""
        condition = node.child_by_field_name("condition")
        condition = _unwrap(condition) if condition is not None else None
        if condition is None or condition.type != "binary_expression":
            return None
        operator = condition.child_by_field_name("operator")
        sides = (condition.child_by_field_name("left"), condition.child_by_field_name("right"))
        variable = next((self._raw(n) for n in sides if n is not None and n.type == "member_expression"), "")
        value = next((self._string(n) for n in sides if n is not None and n.type == "string"), None)
        name = variable.removeprefix("process.env.")
        if operator is None or self._raw(operator) not in _EQUALITY or name == variable or value is None:
            return None
        if name not in self.calls.env:
            return None
        equal = (self.calls.env[name] == value) == self._raw(operator).startswith("=")
        return node.child_by_field_name("consequence" if equal else "alternative")

    def _code(self, node: Node, key: Location | None) -> JNode:
        """A value only run time knows (`Number(process.env.PORT)`, `` `${host}` ``)."""
        return JNode(CODE, None, self._outer(node), key)

    def _key(self, node: Node) -> tuple[str, Location] | None:
        if node.type == "property_identifier":
            return self._raw(node), self._outer(node)
        if node.type == "string":
            value = self._string(node)
            return None if value is None else (value, self._inner(node))
        if node.type == "number":
            number = _number(self._raw(node))
            return None if number is None else (str(number), self._outer(node))
        return None  # [computed]: not literal

    def _string(self, node: Node) -> str | None:
        """The value of a string or of a template without substitutions; None for `${}` templates."""
        parts: list[str] = []
        for child in node.named_children:
            if child.type == "string_fragment":
                parts.append(self._raw(child))
            elif child.type == "escape_sequence":
                parts.append(_unescape(self._raw(child)))
            elif child.type == "template_substitution":
                return None
        # `\ud83d\ude00` arrives as two surrogates: pair them up as JavaScript's UTF-16 strings do.
        return "".join(parts).encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")

    def _raw(self, node: Node) -> str:
        return self.source[node.start_byte : node.end_byte].decode("utf-8", errors="replace")

    def _outer(self, node: Node) -> Location:
        return self.index.location(self.path, self.to_char(node.start_byte), self.to_char(node.end_byte))

    def _inner(self, node: Node) -> Location:
        start, end = self.to_char(node.start_byte), self.to_char(node.end_byte)
        return self.index.location(self.path, start + 1, max(start + 1, end - 1))

    def _syntax_problem(self) -> ConfigProblem:
        """Node could not import the module: say where tree-sitter first gave up."""
        stack = [self.root]
        while stack:
            node = stack.pop()
            if node.is_missing:
                return ConfigProblem(self._outer(node), f"JavaScript syntax error: missing {node.type}")
            if node.is_error:
                return self._error_problem(node)
            stack.extend(reversed([c for c in node.children if c.has_error or c.is_missing]))
        return ConfigProblem(self.index.location(self.path, 0, 0), "JavaScript syntax error")

    def _error_problem(self, node: Node) -> ConfigProblem:
        text = self.index.text
        start, end = self.to_char(node.start_byte), self.to_char(node.end_byte)
        content_end = len(text.rstrip())
        if end >= content_end:  # an unclosed bracket, string or comment swallowed the rest
            location = self.index.location(self.path, content_end, content_end)
            return ConfigProblem(location, "JavaScript syntax error: the file ends too early")
        line_end = text.find("\n", start)
        end = min(end, line_end) if line_end >= 0 else end
        return ConfigProblem(self.index.location(self.path, start, max(end, start + 1)), "JavaScript syntax error")


def _innermost_callee(callee: Node) -> Node:
    """`withPWA({...})(config)`: the function named first (`withPWA`), through curried calls."""
    while callee.type == "call_expression" and (inner := callee.child_by_field_name("function")) is not None:
        callee = inner
    return callee


def _unwrap(node: Node) -> Node:
    """`(x)` → `x`; TypeScript's `x as T`, `x satisfies T`, `x!`, `<T>x` → `x`."""
    while node.named_children and (node.type == "parenthesized_expression" or node.type in _TYPE_WRAPPERS):
        # `<T>x`: the value comes last; everywhere else first.
        node = node.named_children[-1] if node.type == "type_assertion" else node.named_children[0]
    return node
