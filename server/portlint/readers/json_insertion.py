"""Where a new member goes into a JSON object, written the way the file already writes its members.

A port switch writes `"port": N` into an object that has none. It goes in front of the first member so
that no comma after the last one (trailing commas are fatal in firebase.json) is ever touched: inline
(`{ "port": N, "host": ... }`), on its own line with the first member's indentation when the members
sit on their own lines, or alone between the braces of an empty object.
"""

from __future__ import annotations

from msgspec import Struct

from ..core.model import Insertion, Location, Position, Range
from ..core.text import SourceText
from .jsonc import JNode

_DEFAULT_UNIT = "  "


def _line(text: SourceText, number: int) -> str:
    return text.line(number).rstrip("\r")


def _indent(text: SourceText, number: int) -> str:
    line = _line(text, number)
    return line[: len(line) - len(line.lstrip(" \t"))]


def _starts_line(text: SourceText, position: Position) -> bool:
    """Whether only blanks precede `position` on its line (UTF-16 columns; blanks are one unit each,
    so anything else before the position makes the slice non-blank too)."""
    return _line(text, position.line)[: position.character].strip(" \t") == ""


def _unit_before(text: SourceText, position: Position) -> str:
    """The UTF-16 code unit just before `position`, as a string ("" at a line's start)."""
    if position.character <= 0:
        return ""
    units = _line(text, position.line).encode("utf-16-le", "surrogatepass")
    return units[2 * position.character - 2 : 2 * position.character].decode("utf-16-le", "replace")


class MemberPlace(Struct, frozen=True):
    """Where a new first member of an object goes, and how the object's members are laid out."""

    location: Location  # an empty range
    empty: bool  # the object has no members: the new one is all it holds
    indent: str | None  # members on their own lines with this indentation; None: written inline
    unit: str  # one level of indentation in this file, for a nested object
    eol: str

    def insertion(self, before: str, after: str = "") -> Insertion:
        """`before + N + after` as a new member: followed by the separator the layout needs."""
        if self.empty:
            return Insertion(self.location, before, after)
        if self.indent is None:
            return Insertion(self.location, before, f"{after}, ")
        return Insertion(self.location, before, f"{after},{self.eol}{self.indent}")


def first_member_place(obj: JNode, layout: SourceText) -> MemberPlace | None:
    """Where a member goes in front of `obj`'s first one; None when `obj` is no object."""
    if obj.kind != "object":
        return None
    brace = obj.location.range.start
    keys = [member.key.range.start for _, member in obj.members() if member.key is not None]
    if not keys:
        after_brace = Position(brace.line, brace.character + 1)
        return MemberPlace(
            Location(obj.location.file, Range(after_brace, after_brace)), True, None, _DEFAULT_UNIT, layout.eol
        )
    first = min(keys)  # a duplicate key counts where it was last written: in front of it is still valid
    # A key's location is its content: step back over its opening quote (JavaScript keys may have none).
    quoted = _unit_before(layout, first) in ('"', "'")
    quote = Position(first.line, first.character - 1) if quoted else first
    indent: str | None = None
    unit = _DEFAULT_UNIT
    if quote.line > brace.line and _starts_line(layout, quote):
        indent = _indent(layout, quote.line)
        outer = _indent(layout, brace.line)
        if indent.startswith(outer) and len(indent) > len(outer):
            unit = indent[len(outer) :]
    return MemberPlace(Location(obj.location.file, Range(quote, quote)), False, indent, unit, layout.eol)


def value_replacement(node: JNode) -> Insertion:
    """The port written over an existing value that sets nothing (`0`, `""`, `null`, `false`)."""
    rng = node.location.range
    if node.kind == "string":  # the location covers the content: take the quotes too
        rng = Range(
            Position(rng.start.line, rng.start.character - 1),
            Position(rng.end.line, rng.end.character + 1),
        )
    return Insertion(Location(node.location.file, rng), "")
