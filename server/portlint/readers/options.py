"""Walking a command's arguments option by option, the way click and the Angular and firebase CLIs read them."""

from __future__ import annotations

from .shell_words import MappedText, Word


class Options:
    """Walks a command's arguments, option by option."""

    def __init__(self, words: list[Word]) -> None:
        self.words = words
        self.i = 0
        self.last_text: str | None = None
        self.ended = False  # after `--` everything is positional

    def more(self) -> bool:
        return self.i < len(self.words)

    def peek(self) -> str | None:
        return self.words[self.i].text if self.more() else None

    def skip(self) -> None:
        if self.peek() == "--":
            self.ended = True
        self.i += 1

    def value(self, *names: str) -> tuple[MappedText, bool] | None:
        """The value of an option named `names` at this point: `--name V`, `--name=V`, `-n V`, `-nV`;
        the value and whether it is literal. Consumes the option when it matches."""
        if not self.more() or self.ended:
            return None
        word = self.words[self.i]
        for name in names:
            if word.text == name:
                self.i += 1
                if not self.more():
                    return None
                self.i += 1
                value = self.words[self.i - 1]
                return value, value.literal
            if word.text.startswith(name + "=") or (
                len(name) == 2 and not name.startswith("--") and word.text.startswith(name) and len(word.text) > 2
            ):
                self.i += 1
                cut = len(name) + 1 if word.text.startswith(name + "=") and len(name) > 2 else len(name)
                return word.slice(cut), word.literal
        return None

    def positional(self) -> Word | None:
        """The next argument when it is no option."""
        if not self.more():
            return None
        word = self.words[self.i]
        if word.text == "--" and not self.ended:
            self.ended = True
            self.i += 1
            return self.positional()
        if word.text.startswith("-") and not self.ended:
            self.i += 1  # an unknown option; a flag as far as we can tell
            return None
        self.i += 1
        self.last_text = word.text
        return word
