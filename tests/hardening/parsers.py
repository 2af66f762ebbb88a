"""Every config parser, with the file name it expects, and the real files that seed the fuzzers."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from portlint.core.facts import ParseResult
from portlint.registry import FILE_KINDS
from portlint.tools.base import FileKind
from portlint.workspace.discover import ConfigFile, kind_of
from portlint.workspace.load import parse_text

ROOT = Path(__file__).resolve().parents[2]
TESTS = ROOT / "tests"
SEED_FOLDERS = (TESTS / "tools", TESTS / "readers", TESTS / "fixtures", ROOT / "examples")


@dataclass(frozen=True)
class Parser:
    """One kind of file from the registry, fuzzed under one of its example names through the parser the
    registry names for it (as `load` runs it)."""

    kind: str
    file_name: str  # relative to the fuzz workspace: a name the parser (and discovery) expects

    @property
    def name(self) -> str:
        return self.kind if self.file_name == _first_example(self.kind) else f"{self.kind}:{self.file_name}"

    def parse(self, path: str, text: str) -> ParseResult:
        return parse_text(ConfigFile(path, self.kind), text)

    def seeds(self) -> list[str]:
        return seeds_for(self.name)


def _first_example(kind: str) -> str:
    return _KINDS[kind].example_paths()[0]


_KINDS: dict[str, FileKind] = {}
for _kind in FILE_KINDS:
    _KINDS.setdefault(_kind.kind, _kind)  # the first declaration of each kind
# Every kind of the registry once; a kind with several example spellings (the proxy config as JSON and as
# JavaScript) once per example.
PARSERS: tuple[Parser, ...] = tuple(
    Parser(kind.kind, example) for kind in _KINDS.values() for example in kind.examples or kind.example_paths()[:1]
)


def _seed_kind(path: Path) -> str | None:
    """The kind of a real file under the seed folders: from its case folder (`cases/<kind>/<case>/...`), else
    from its name; None for expected outputs and files of no kind."""
    if path.name in ("expected.json", "README.md"):
        return None
    parts = path.relative_to(ROOT).parts
    if "cases" in parts:
        return parts[parts.index("cases") + 1]
    return kind_of(str(path))


def seed_files() -> dict[str, list[Path]]:
    """Real files per parser entry: of its kind, with the same file extension as its example name."""
    by_kind: dict[str, list[Path]] = {}
    for folder in SEED_FOLDERS:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and (kind := _seed_kind(path)) is not None:
                by_kind.setdefault(kind, []).append(path)
    return {
        parser.name: [p for p in by_kind.get(parser.kind, []) if p.suffix == Path(parser.file_name).suffix]
        for parser in PARSERS
    }


def seeds_for(name: str) -> list[str]:
    """The seed texts of one parser: its real files, decoded as load() would (undecodable ones as bytes
    mapped to lone surrogates, which an editor's document can hold too)."""
    return [p.read_bytes().decode("utf-8", errors="surrogateescape") for p in seed_files().get(name, [])]
