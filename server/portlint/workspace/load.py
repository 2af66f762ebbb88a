"""Reading discovered config files safely and handing their text to the parser of their kind.

Whatever a file holds (too large, binary, not UTF-8, gone, unreadable, or a parser bug), `load` returns a
`ParseResult`: trouble becomes a `ConfigProblem`, or nothing when there is nothing to say (a file deleted
since discovery, a Python file that is not a Flask app).
"""

from __future__ import annotations

import importlib
import os
import re
import sys
from collections.abc import Callable

from ..core.facts import ParseResult
from ..core.model import ZERO_RANGE, ConfigProblem, Location, Position, Range
from ..core.text import utf16_len
from ..registry import FILE_KINDS, also_readers
from .classify import CLASSIFIER
from .discover import ConfigFile
from .read import read_marked_file, read_regular_file

# kind -> (module, parser function), from the registry. Imported on first use, so that one missing or broken
# parser module costs only the files of its own kind.
PARSERS: dict[str, tuple[str, str]] = {
    kind.kind: (kind.parser.partition(":")[0], kind.parser.partition(":")[2]) for kind in FILE_KINDS
}
# Candidates only (most Python files are not apps): their troubles are not worth a word.
QUIET_KINDS = CLASSIFIER.quiet
# Other tools' parsers of a kind (uvicorn reads the Python files Flask's kind finds), run after its own.
ALSO_READ = also_readers()
# A file of these kinds lacking all of the bytes is skipped before decoding: it cannot be what a parser reads.
NEEDS_BYTES = {
    kind.kind: kind.needs_bytes + tuple(b for extra in ALSO_READ.get(kind.kind, ()) for b in extra.needs_bytes)
    for kind in FILE_KINDS
    if kind.needs_bytes and all(extra.needs_bytes for extra in ALSO_READ.get(kind.kind, ()))
}
# The same as one search per file (one C call instead of a loop over the markers).
_NEEDS = {kind: re.compile(b"|".join(re.escape(marker) for marker in needs)) for kind, needs in NEEDS_BYTES.items()}
# Candidates (quiet kinds) with markers: read as `read_marked_file` does.
_CANDIDATE_NEEDS = {kind: needs for kind, needs in _NEEDS.items() if kind in QUIET_KINDS}
TAKES_WORKSPACE = frozenset(kind.kind for kind in FILE_KINDS if kind.takes_workspace)


def load(file: ConfigFile, root: str) -> ParseResult:
    """The facts and problems of one config file. Never raises."""
    text = read_text(file)
    return text if isinstance(text, ParseResult) else parse_text(file, text)


def read_text(file: ConfigFile) -> str | ParseResult:
    """The text of one config file as its parser takes it, or what to say instead (nothing, for a candidate
    no reader looks at). Never raises, and imports no parser: a first scan runs it in a child process
    (`child_scan.py`)."""
    # A candidate (most files of a first scan) is told in one read, without an fstat: `read_marked_file`.
    markers = _CANDIDATE_NEEDS.get(file.kind)
    data = _marked(file, markers) if markers is not None else _read(file)
    if isinstance(data, ParseResult):
        return data
    quiet = file.kind in QUIET_KINDS
    if b"\0" in data:
        return ParseResult() if quiet else _problem(file.path, "binary file; expected a text config")
    try:
        return data.decode("utf-8-sig")  # editors and PowerShell write a BOM; the tools skip it too
    except UnicodeDecodeError as error:
        if quiet:
            return ParseResult()
        return ParseResult(problems=[_undecodable(file.path, data, error)])


def _read(file: ConfigFile) -> bytes | ParseResult:
    """The file's bytes, or what to say instead. It may have changed since discovery looked: grown, gone,
    or swapped for a FIFO or a folder. A file of a kind with `needs_bytes` lacking all of them is skipped
    before anything is decoded."""
    data = read_regular_file(file.path, listed_plain=file.plain)
    if isinstance(data, bytes):
        needs = _NEEDS.get(file.kind)
        return ParseResult() if needs is not None and needs.search(data) is None else data
    if data.missing or file.kind in QUIET_KINDS:
        return ParseResult()  # deleted since discovery: the next look will not find it
    return _problem(file.path, data.reason)


def _marked(file: ConfigFile, markers: re.Pattern[bytes]) -> bytes | ParseResult:
    """A candidate's bytes when it holds one of its markers; else nothing to say, whatever went wrong."""
    data = read_marked_file(file.path, markers, listed_plain=file.plain)
    return data if isinstance(data, bytes) else ParseResult()


def parse_text(file: ConfigFile, text: str) -> ParseResult:
    """Parse text already read (from disk, or an editor's unsaved document) with the parser of its kind, then
    with the other tools' parsers of that kind whose bytes it holds."""
    module_name, function_name = PARSERS.get(file.kind, ("", ""))
    if not module_name:
        return _problem(file.path, f"internal error reading this file: no parser for kind {file.kind!r}")
    result = _parse_with(file, text, module_name, function_name)
    for extra in ALSO_READ.get(file.kind, ()):
        if extra.needs_bytes and not any(marker.decode() in text for marker in extra.needs_bytes):
            continue
        more = _parse_with(file, text, *extra.parser.split(":", 1))
        result = ParseResult(facts=result.facts + more.facts, problems=result.problems + more.problems)
    return result


def _parse_with(file: ConfigFile, text: str, module_name: str, function_name: str) -> ParseResult:
    try:
        module = sys.modules.get(module_name) or importlib.import_module(module_name)  # once per file: cheap
        parser: Callable[..., object] = getattr(module, function_name)
        if file.kind in TAKES_WORKSPACE:
            # launch.json: ${workspaceFolder} is the folder holding .vscode/
            result = parser(file.path, text, os.path.dirname(os.path.dirname(file.path)))
        else:
            result = parser(file.path, text)
    except Exception as error:  # a parser bug must cost one file, never the whole run
        return _problem(file.path, f"internal error reading this file: {type(error).__name__}: {error}")
    if not isinstance(result, ParseResult):
        return _problem(file.path, f"internal error reading this file: {function_name} returned {result!r:.80}")
    return result


def _problem(path: str, reason: str, where: Range = ZERO_RANGE) -> ParseResult:
    return ParseResult(problems=[ConfigProblem(Location(path, where), reason)])


def _undecodable(path: str, data: bytes, error: UnicodeDecodeError) -> ConfigProblem:
    """Points at the first byte that is not UTF-8, so the editor shows where the damage is."""
    line = data.count(b"\n", 0, error.start)
    line_start = data.rfind(b"\n", 0, error.start) + 1
    prefix = data[line_start : error.start].decode("utf-8-sig" if line == 0 else "utf-8", errors="replace")
    start = Position(line, utf16_len(prefix))
    where = Range(start, Position(line, start.character + 1))
    bad = data[error.start : error.start + 1].hex()
    return ConfigProblem(Location(path, where), f"not valid UTF-8 (byte 0x{bad}); portlint reads configs as UTF-8")
