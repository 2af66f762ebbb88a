"""nginx config → the blocks that proxy to a local port, with the Access-Control-Allow-Origin headers nginx
adds there. A small tokenizer for nginx's syntax (words, quoted strings, `{ } ;`, `#` comments): no
maintained Python nginx parser reports positions. nginx inherits `add_header` (and `proxy_hide_header`)
from the enclosing level only when the current level has none of its own; that rule is applied here."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

from msgspec import Struct, field

from ...core.facts import ParseResult
from ...core.model import ConfigProblem
from ...core.text import SourceText
from .facts import NginxProxy

ACAO = "access-control-allow-origin"


class _Word(Struct):
    text: str
    start: int
    end: int


class _Block(Struct):
    name: list[_Word]
    parent: _Block | None
    directives: list[list[_Word]] = field(default_factory=list)
    children: list[_Block] = field(default_factory=list)


def _tokens(text: str) -> Iterator[_Word]:
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch == "#":
            while i < n and text[i] != "\n":
                i += 1
        elif ch in "{};":
            yield _Word(ch, i, i + 1)
            i += 1
        elif ch in "\"'":
            j = i + 1
            while j < n and text[j] != ch:
                j += 2 if text[j] == "\\" else 1
            yield _Word(text[i + 1 : min(j, n)], i + 1, min(j, n))
            i = j + 1
        else:
            j = i
            while j < n and not text[j].isspace() and text[j] not in "{};\"'#":
                j += 1
            yield _Word(text[i:j], i, j)
            i = j


def parse_nginx(path: str, text: str) -> ParseResult:
    index = SourceText(text)
    root = _Block([], None)
    block = root
    words: list[_Word] = []
    for word in _tokens(text):
        if word.text == ";":
            if words:
                block.directives.append(words)
            words = []
        elif word.text == "{":
            child = _Block(words, block)
            block.children.append(child)
            block, words = child, []
        elif word.text == "}":
            if block.parent is None:
                return ParseResult(
                    problems=[ConfigProblem(index.location(path, word.start, word.end), "unexpected '}'")]
                )
            block, words = block.parent, []
        else:
            words.append(word)
    if block is not root:
        end = len(text)
        return ParseResult(
            problems=[ConfigProblem(index.location(path, end, end), "unexpected end of file: a '}' is missing")]
        )
    return ParseResult(facts=list(_proxies(path, index, root)))


def _proxies(path: str, index: SourceText, root: _Block) -> Iterator[NginxProxy]:
    """Every proxy_pass to a host, block by block in the order written (without recursion: a file may
    nest blocks thousands deep)."""
    empty: list[list[_Word]] = []
    stack = [(root, empty, empty)]  # a block, and the add_header / proxy_hide_header in force around it
    while stack:
        block, outer_headers, outer_hidden = stack.pop()
        headers = _own(block, "add_header") or outer_headers  # nginx inherits only when a level has none
        hidden = _own(block, "proxy_hide_header") or outer_hidden
        yield from _block_proxies(path, index, block, headers, hidden)
        stack.extend((child, headers, hidden) for child in reversed(block.children))


def _block_proxies(
    path: str, index: SourceText, block: _Block, headers: list[list[_Word]], hiding: list[list[_Word]]
) -> Iterator[NginxProxy]:
    for directive in block.directives:
        if directive[0].text == "proxy_pass" and len(directive) > 1:
            url = urlsplit(directive[1].text)
            try:
                port = url.port or (443 if url.scheme == "https" else 80)
            except ValueError:
                continue
            if url.hostname is None:
                continue  # an upstream name: its servers are elsewhere
            origin = [d for d in headers if len(d) > 2 and d[1].text.lower() == ACAO]
            hidden = any(len(d) > 1 and d[1].text.lower() == ACAO for d in hiding)
            is_location = bool(block.name) and block.name[0].text == "location"
            yield NginxProxy(
                path,
                " ".join(w.text for w in block.name[1:]) if is_location else "",
                url.hostname,
                port,
                index.location(path, directive[1].start, directive[1].end),
                tuple(index.location(path, d[0].start, d[-1].end) for d in origin),
                tuple(d[2].text for d in origin),
                hidden,
            )


def _own(block: _Block, name: str) -> list[list[_Word]]:
    """The directives `name` a block itself holds."""
    return [d for d in block.directives if d[0].text == name]
