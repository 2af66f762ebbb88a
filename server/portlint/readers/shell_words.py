"""A POSIX-shell word splitter that remembers where every character of every word came from.

`shlex` splits the same way but loses offsets, and a port token must cover its digits exactly, even in
`--port="5001"` or inside a JSON string with escapes. So the input is a `MappedText`: text plus the
source offsets of each character, and each `Word` keeps the source offsets of its own characters.

Only what locating ports needs: quotes, backslashes, comments, control operators (`&&`, `||`, `;`, `|`,
`&`, newline, parentheses) and redirections. Expansions (`$X`, `$(...)`, backquotes) are kept as written
and mark the word as not literal: its value is only known at run time.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from msgspec import Struct


class MappedText(Struct, frozen=True):
    """Text, plus for each character the [start, end) of the source text it was decoded from."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    @staticmethod
    def plain(text: str, base: int = 0) -> MappedText:
        """Text that is its own source, starting at offset `base`."""
        return MappedText(text, tuple(range(base, base + len(text))), tuple(range(base + 1, base + len(text) + 1)))

    def span(self, start: int = 0, end: int | None = None) -> tuple[int, int]:
        """The source span of `text[start:end]` (an empty span in place when the slice is empty)."""
        end = len(self.text) if end is None else min(end, len(self.text))
        start = min(start, len(self.text))
        if end > start:
            return self.starts[start], self.ends[end - 1]
        if start < len(self.text):
            return self.starts[start], self.starts[start]
        at = self.ends[-1] if self.ends else 0
        return at, at

    def slice(self, start: int, end: int | None = None) -> MappedText:
        end = len(self.text) if end is None else end
        return MappedText(self.text[start:end], self.starts[start:end], self.ends[start:end])


class Word(MappedText, frozen=True):
    """One shell word with its quotes removed; `source` is its whole span, quotes included."""

    source: tuple[int, int] = (0, 0)
    literal: bool = True  # no `$`, backquote: the text is the value the program gets


class Operator(Struct, frozen=True):
    text: str  # "&&", "||", ";", "|", "&", "\n", "(", ")", ">", "<", ...
    source: tuple[int, int]


CONTROL = frozenset({"&&", "||", ";", ";;", "|", "|&", "&", "\n", "(", ")"})
_OPERATORS = ("&&", "||", ";;", "|&", ">>", "<<", "&>", ">&", "<&", ">|", ";", "|", "&", "\n", "(", ")", ">", "<")
_DOUBLE_QUOTE_ESCAPES = frozenset('$`"\\\n')


def split_words(source: MappedText) -> list[Word | Operator]:
    """Words and operators in order, as a POSIX shell reads them (before expansion)."""
    return list(_Splitter(source).run())


def split_commands(items: Sequence[Word | Operator]) -> Iterator[list[Word] | Operator]:
    """Simple commands (their words, redirections dropped), with the parentheses between them kept as
    `Operator`s so a caller can scope `cd` and `export` to a subshell."""
    words: list[Word] = []
    skip_next = False
    for item in items:
        if isinstance(item, Word):
            if skip_next:
                skip_next = False
            else:
                words.append(item)
            continue
        if item.text in CONTROL:
            if words:
                yield words
            words = []
            if item.text in ("(", ")"):
                yield item
        else:  # a redirection: its target is no argument
            skip_next = True
    if words:
        yield words


class _Splitter:
    def __init__(self, source: MappedText) -> None:
        self.src = source
        self.text = source.text
        self.i = 0
        self._reset()

    def _reset(self) -> None:
        self.chars: list[str] = []
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.begin: int | None = None  # index in `text` where the current word began
        self.literal = True

    def _take(self, ch: str, at: int, width: int = 1) -> None:
        """Add a character of the word that the source text at index `at` (`width` characters) spells."""
        self.chars.append(ch)
        self.starts.append(self.src.starts[at])
        self.ends.append(self.src.ends[at + width - 1])

    def _start_word(self) -> None:
        if self.begin is None:
            self.begin = self.i

    def _end_word(self) -> Word | None:
        if self.begin is None:
            return None
        source = (self.src.starts[self.begin], self.src.ends[self.i - 1]) if self.i > self.begin else (0, 0)
        word = Word("".join(self.chars), tuple(self.starts), tuple(self.ends), source, self.literal)
        self._reset()
        return word

    def run(self) -> Iterator[Word | Operator]:
        text = self.text
        while self.i < len(text):
            ch = text[self.i]
            if ch in " \t\r":
                if (word := self._end_word()) is not None:
                    yield word
                self.i += 1
            elif ch == "#" and self.begin is None:
                while self.i < len(text) and text[self.i] != "\n":
                    self.i += 1
            elif ch == "\\" and text.startswith("\\\n", self.i):
                self.i += 2  # line continuation: nothing at all
            elif (op := self._operator_here()) is not None:
                word = self._end_word()
                if word is not None and not (op[0] in "<>" and word.text.isdigit()):
                    yield word  # (the digits of `2>file` name a file descriptor)
                yield Operator(op, (self.src.starts[self.i], self.src.ends[self.i + len(op) - 1]))
                self.i += len(op)
            else:
                self._start_word()
                self._word_part()
        if (word := self._end_word()) is not None:
            yield word

    def _operator_here(self) -> str | None:
        return next((op for op in _OPERATORS if self.text.startswith(op, self.i)), None)

    def _word_part(self) -> None:
        """One unquoted character, escaped character or quoted string of the current word."""
        text, i = self.text, self.i
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            self._take(text[i + 1], i + 1)
            self.i += 2
        elif ch == "'":
            end = text.find("'", i + 1)
            end = len(text) if end < 0 else end  # an unclosed quote runs to the end
            for j in range(i + 1, end):
                self._take(text[j], j)
            self.i = min(end + 1, len(text))
        elif ch == '"':
            self._double_quoted()
        else:
            if ch in "$`":
                self.literal = False
            self._take(ch, i)
            self.i += 1

    def _double_quoted(self) -> None:
        text = self.text
        j = self.i + 1
        while j < len(text) and text[j] != '"':
            if text[j] == "\\" and j + 1 < len(text) and text[j + 1] in _DOUBLE_QUOTE_ESCAPES:
                if text[j + 1] != "\n":
                    self._take(text[j + 1], j + 1)
                j += 2
                continue
            if text[j] in "$`":
                self.literal = False
            self._take(text[j], j)
            j += 1
        self.i = j + 1 if j < len(text) else len(text)  # an unclosed quote runs to the end
