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
quietly; spreads and computed keys are left out. This module finds the literal; `js_values` turns it into
`JNode`s.
"""

from __future__ import annotations

from tree_sitter import Node, Parser

from ..core.model import ConfigProblem, Location
from ..core.text import SourceText
from .grammars import JAVASCRIPT, TYPESCRIPT, parser
from .js_values import FUNCTION_TYPES, Calls, LiteralValues, unwrap
from .jsonc import CODE, JNode

__all__ = ["CODE", "Calls", "read_js_config"]

_TYPESCRIPT_SUFFIXES = (".ts", ".mts", ".cts")
_MAX_INDIRECTIONS = 4  # export → name → helper call → function → literal


def _parser(typescript: bool) -> Parser:
    return parser(TYPESCRIPT if typescript else JAVASCRIPT)


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
        self.to_char = index.char_of_byte
        self.root = _parser(path.lower().endswith(_TYPESCRIPT_SUFFIXES)).parse(index.source).root_node
        self.values = LiteralValues(path, index, calls, lambda node: self._literal(node, calls_functions=True))

    def read(self, name: str | None = None) -> tuple[JNode | None, list[ConfigProblem]]:
        if self.root.has_error:
            return None, [self._syntax_problem()]
        exported = self._literal(self._exported() if name is None else self._declared(name), self.calls_functions)
        return (self.values.value(exported), []) if exported is not None else (None, [])

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
            return self._declared(self.values.raw(node))
        if node.type == "call_expression":
            callee, arguments = node.child_by_field_name("function"), node.child_by_field_name("arguments")
            if callee is None or arguments is None:
                return None
            values = [unwrap(child) for child in arguments.named_children if child.type != "comment"]
            name = self.values.raw(_innermost_callee(callee)).rsplit(".", 1)[-1]
            if name.startswith(("define", *self.calls.wrappers)):
                return values[0] if values else None
            if name.lower().endswith("merge") or name == "mergeConfig":  # webpack-merge, Vite's mergeConfig
                objects = [value for value in values if value.type == "object"]
                return objects[-1] if objects else None  # what the project adds: the last literal part
            return None
        if node.type in (*FUNCTION_TYPES, "method_definition") and calls_functions:
            body = node.child_by_field_name("body")
            if body is None or body.type != "statement_block":
                return unwrap(body) if body is not None else None
            returns = [s for s in body.named_children if s.type == "return_statement" and s.named_children]
            return unwrap(returns[-1].named_children[0]) if returns else None
        return None

    def _exported(self) -> Node | None:
        """The last `module.exports = X` or `export default X` at the top level (X unwrapped)."""
        found: Node | None = None
        for statement in self.root.named_children:
            value: Node | None = None
            if statement.type == "expression_statement" and statement.named_children:
                expression = unwrap(statement.named_children[0])
                if expression.type == "assignment_expression" and self._is_module_exports(
                    expression.child_by_field_name("left")
                ):
                    value = expression.child_by_field_name("right")
            elif statement.type == "export_statement" and any(c.type == "default" for c in statement.children):
                value = statement.child_by_field_name("value")
            if value is not None:
                found = unwrap(value)
        return found

    def _is_module_exports(self, node: Node | None) -> bool:
        if node is None or node.type != "member_expression":
            return False
        owner, member = node.child_by_field_name("object"), node.child_by_field_name("property")
        return (
            owner is not None
            and member is not None
            and self.values.raw(owner) == "module"
            and self.values.raw(member) == "exports"
        )

    def _declared(self, name: str) -> Node | None:
        """The value of a top-level `const|let|var name = ...`, or of `name = ...` assigning a variable no one
        declared (sloppy-mode JavaScript, as in `PROXY_CONFIG = [...]; module.exports = PROXY_CONFIG`): the
        last one."""
        found: Node | None = None
        for statement in self.root.named_children:
            if statement.type == "expression_statement" and statement.named_children:
                assigned = self._assigned(unwrap(statement.named_children[0]), name)
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
                if target is not None and value is not None and self.values.raw(target) == name:
                    found = unwrap(value)
        return found

    def _assigned(self, expression: Node, name: str) -> Node | None:
        """The right side of `name = value`, or None for any other expression."""
        if expression.type != "assignment_expression":
            return None
        left, right = expression.child_by_field_name("left"), expression.child_by_field_name("right")
        if left is None or right is None or left.type != "identifier" or self.values.raw(left) != name:
            return None
        return unwrap(right)

    def _syntax_problem(self) -> ConfigProblem:
        """Node could not import the module: say where tree-sitter first gave up."""
        stack = [self.root]
        while stack:
            node = stack.pop()
            if node.is_missing:
                return ConfigProblem(self.values.outer(node), f"JavaScript syntax error: missing {node.type}")
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
