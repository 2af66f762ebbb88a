"""What a before_request function does with a request, read from its body without running it: the first
statement that returns a response or calls `abort()` decides; an `if` is followed when its condition is
known for that request, and makes the answer unknown when it is not and a branch could decide.

Known for a CORS preflight: `request.method` is "OPTIONS"; it carries no cookies (`session`,
`request.cookies` are empty), no `Authorization` and none of the page's own headers. For any other request
only that its method is not OPTIONS is known. For both, a view's `request.endpoint` and `request.path`."""

from __future__ import annotations

from tree_sitter import Node

from ...readers.syntax_tree import walk
from .cors_conditions import (
    UNKNOWN_VALUE,
    NotOptions,
    PreflightHeaders,
    compare,
    header_present,
    method_comparison,
)
from .cors_facts import HookAnswer
from .cors_syntax import Syntax

PASS = HookAnswer("pass")
UNKNOWN = HookAnswer("unknown")
_LOOPS = frozenset({"for_statement", "while_statement", "try_statement", "with_statement", "match_statement"})
_STATUS_DEFAULTS = {"redirect": 302, "jsonify": 200, "make_response": 200, "Response": 200, "render_template": 200}


def hook_answers(
    syntax: Syntax, definition: Node, endpoint: str | None = None, path: str | None = None
) -> tuple[HookAnswer, HookAnswer]:
    """(what it does with a preflight, what it does with any other request), for a request to the view
    `endpoint` at `path` when they are given."""
    body = definition.child_by_field_name("body")
    if body is None:
        return UNKNOWN, UNKNOWN
    answers = (_Reading(syntax, preflight, endpoint, path).block(body) or PASS for preflight in (True, False))
    return next(answers), next(answers)


class _Reading:
    def __init__(self, syntax: Syntax, preflight: bool, endpoint: str | None, path: str | None) -> None:
        self.syntax = syntax
        self.preflight = preflight
        self.endpoint = endpoint
        self.path = path if path is not None and "<" not in path else None

    def block(self, block: Node) -> HookAnswer | None:
        """The answer of the statements in `block`; None when they fall through."""
        for statement in block.named_children:
            decided = self.statement(statement)
            if decided is not None:
                return decided
        return None

    def statement(self, statement: Node) -> HookAnswer | None:
        kind = statement.type
        if kind == "return_statement":
            return self.returned(statement)
        if kind == "expression_statement":
            call = statement.named_child(0)
            if call is not None and call.type == "call" and self.syntax.callee_name(call) == "abort":
                return self.abort(call)
            return None
        if kind == "raise_statement":
            return UNKNOWN
        if kind == "if_statement":
            return self.if_statement(statement)
        if kind in _LOOPS and self.may_decide(statement):
            return UNKNOWN
        return None

    def if_statement(self, statement: Node) -> HookAnswer | None:
        branches: list[tuple[Node | None, Node]] = []
        condition, consequence = (
            statement.child_by_field_name("condition"),
            statement.child_by_field_name("consequence"),
        )
        if condition is None or consequence is None:
            return UNKNOWN
        branches.append((condition, consequence))
        for clause in statement.named_children:
            body = clause.child_by_field_name("consequence") or clause.child_by_field_name("body")
            if clause.type == "elif_clause" and body is not None:
                branches.append((clause.child_by_field_name("condition"), body))
            elif clause.type == "else_clause" and body is not None:
                branches.append((None, body))
        for index, (test, body) in enumerate(branches):
            truth = True if test is None else self.truth(test)
            if truth is None:
                return UNKNOWN if any(self.may_decide(b) for _, b in branches[index:]) else None
            if truth:
                return self.block(body)
        return None

    # ---- what a return or abort answers ------------------------------------------------------------------------

    def returned(self, statement: Node) -> HookAnswer:
        value = statement.named_child(0) if statement.named_child_count else None
        if value is None or value.type == "none":
            return PASS
        at = self.syntax.location(statement)
        if value.type in ("tuple", "expression_list", "parenthesized_expression"):
            items = value.named_children
            if value.type == "parenthesized_expression" and items and items[0].type in ("tuple", "expression_list"):
                items = items[0].named_children
            if len(items) >= 2:
                known, status = self.syntax.literal(items[1])
                if known and isinstance(status, int) and not isinstance(status, bool):
                    return HookAnswer("answer", status, at)
                return HookAnswer("answer", 200 if items[1].type == "dictionary" else None, at)
        if value.type == "call":
            if self.syntax.callee_name(value) == "abort":
                return self.abort(value)
            return HookAnswer("answer", self.call_status(value), at)
        if value.type in ("string", "concatenated_string", "dictionary", "list"):
            return HookAnswer("answer", 200, at)
        return HookAnswer("answer", None, at)

    def call_status(self, call: Node) -> int | None:
        name = self.syntax.callee_name(call) or ""
        keyword = self.syntax.keyword(call, "code" if name == "redirect" else "status")
        positional = self.syntax.positional(call)
        written = (
            keyword if keyword is not None else positional[1] if len(positional) > 1 and name != "jsonify" else None
        )
        if written is None:
            return _STATUS_DEFAULTS.get(name)
        known, status = self.syntax.literal(written)
        return status if known and isinstance(status, int) and not isinstance(status, bool) else None

    def abort(self, call: Node) -> HookAnswer:
        positional = self.syntax.positional(call)
        known, status = self.syntax.literal(positional[0]) if positional else (False, None)
        code = status if known and isinstance(status, int) and not isinstance(status, bool) else None
        return HookAnswer("abort", code, self.syntax.location(call))

    def may_decide(self, node: Node) -> bool:
        """Whether statements could end the function or answer: a return, an abort(), a raise."""
        for inner in walk(node, not_into=("function_definition", "lambda", "class_definition")):
            if inner.type in ("return_statement", "raise_statement"):
                return True
            if inner.type == "call" and self.syntax.callee_name(inner) == "abort":
                return True
        return False

    # ---- conditions ---------------------------------------------------------------------------------------------

    def truth(self, node: Node) -> bool | None:
        """Whether the condition holds for this request; None when unknown."""
        kind = node.type
        if kind == "parenthesized_expression" and node.named_child_count == 1:
            inner = node.named_child(0)
            return self.truth(inner) if inner is not None else None
        if kind == "not_operator":
            argument = node.child_by_field_name("argument")
            negated = self.truth(argument) if argument is not None else None
            return None if negated is None else not negated
        if kind == "boolean_operator":
            return self.boolean(node)
        if kind == "comparison_operator":
            return self.comparison(node)
        value = self.value(node)
        if value is UNKNOWN_VALUE or isinstance(value, (NotOptions, PreflightHeaders)):
            return None
        return bool(value)

    def boolean(self, node: Node) -> bool | None:
        left, right, operator = (
            node.child_by_field_name("left"),
            node.child_by_field_name("right"),
            node.child_by_field_name("operator"),
        )
        if left is None or right is None or operator is None:
            return None
        a, b = self.truth(left), self.truth(right)
        if self.syntax.text(operator) == "and":
            return False if a is False or b is False else (True if a and b else None)
        return True if a is True or b is True else (False if a is False and b is False else None)

    def comparison(self, node: Node) -> bool | None:
        operands = node.named_children
        operators = [self.syntax.text(c) for c in node.children if not c.is_named]
        if len(operands) != 2 or not operators:
            return None
        a, b = self.value(operands[0]), self.value(operands[1])
        operator = " ".join(operators)
        if a is UNKNOWN_VALUE or b is UNKNOWN_VALUE:
            return None
        if isinstance(a, NotOptions) or isinstance(b, NotOptions):
            return method_comparison(b if isinstance(a, NotOptions) else a, operator)
        if operator in ("in", "not in") and isinstance(b, PreflightHeaders):
            present = header_present(a)
            return None if present is None else present == (operator == "in")
        if isinstance(a, PreflightHeaders) or isinstance(b, PreflightHeaders):
            return None
        return compare(a, b, operator)

    def value(self, node: Node) -> object:
        """The value of an expression for this request: a literal, or what a preflight is known to carry."""
        known, literal = self.syntax.literal(node)
        if known:
            return literal
        text = self.syntax.text(node).replace("'", '"').replace(" ", "")
        if text == "request.method":
            return "OPTIONS" if self.preflight else NotOptions()
        if text == "request.endpoint" and self.endpoint is not None:
            return self.endpoint
        if text == "request.path" and self.path is not None:
            return self.path
        if node.type == "call" and self.syntax.callee_name(node) in ("startswith", "endswith"):
            return self.affix(node)
        if not self.preflight:
            return UNKNOWN_VALUE
        if text == "request.headers":
            return PreflightHeaders()
        if text in ("session", "request.cookies", "flask.session"):
            return {}
        if text in ("request.authorization", "request.authorization.token"):
            return None
        if node.type == "call":
            return self.lookup(node)
        if node.type == "subscript":
            return UNKNOWN_VALUE  # session["user"] raises KeyError on a preflight: a 500 nobody wrote
        return UNKNOWN_VALUE

    def affix(self, call: Node) -> object:
        """`request.path.startswith("/api")` for a known path."""
        function, positional = call.child_by_field_name("function"), self.syntax.positional(call)
        owner = function.child_by_field_name("object") if function is not None else None
        if owner is None or len(positional) != 1:
            return UNKNOWN_VALUE
        text, (known, affix) = self.value(owner), self.syntax.literal(positional[0])
        if not isinstance(text, str) or not known or not isinstance(affix, (str, tuple)):
            return UNKNOWN_VALUE
        if isinstance(affix, tuple) and not all(isinstance(a, str) for a in affix):
            return UNKNOWN_VALUE
        return text.startswith(affix) if self.syntax.callee_name(call) == "startswith" else text.endswith(affix)

    def lookup(self, call: Node) -> object:
        """`session.get(k)`, `request.cookies.get(k)`, `request.headers.get(name)` on a preflight."""
        function = call.child_by_field_name("function")
        if function is None or function.type != "attribute" or self.syntax.callee_name(call) != "get":
            return UNKNOWN_VALUE
        owner = function.child_by_field_name("object")
        positional = self.syntax.positional(call)
        if owner is None or not positional:
            return UNKNOWN_VALUE
        default: object = None
        if len(positional) > 1:
            known, default = self.syntax.literal(positional[1])
            if not known:
                return UNKNOWN_VALUE
        container = self.value(owner)
        if isinstance(container, dict):
            return default
        if isinstance(container, PreflightHeaders):
            known, name = self.syntax.literal(positional[0])
            present = header_present(name) if known else None
            return default if present is False else UNKNOWN_VALUE
        return UNKNOWN_VALUE
