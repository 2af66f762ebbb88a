""".gitignore matching against git's own answer (`git check-ignore`), and patterns that used to freeze the walk.

Each case is a folder holding one .gitignore and the same tree of files and folders; one `git check-ignore`
run answers for every path of every case, and portlint's matcher must give the same answer."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

from portlint.workspace.gitignore import IgnoreRules

T = TypeVar("T")
GUARD = 30.0  # seconds; these used to take minutes
GIT = shutil.which("git")
pytestmark = pytest.mark.skipif(GIT is None, reason="git is not installed")

PATTERNS = [
    "x.log",
    "*.log",
    "*.log\n!keep.log",
    "!keep.log",
    "out/",
    "out",
    "/out",
    "/out/",
    "out/*",
    "out/**",
    "out/**/",
    "**/z",
    "**/e/b",
    "d/**/c",
    "d/**/f",
    "**",
    "*",
    "*/b",
    "d/*/b",
    "d/e",
    "/d/e/",
    "a?b",
    "?",
    "??",
    "[ab]",
    "[!a]",
    "[^a]",
    "[a-c]",
    "[c-a]",
    "[]]",
    "[]a]",
    "[-]",
    "[a-]",
    "[[:digit:]]",
    "[[:alpha:]]b",
    "[[:bogus:]]",
    "[[:alpha:]",
    "[a",
    "\\#x",
    "#x",
    "\\!x",
    "x\\ ",
    "x ",
    "sp ace",
    "a\\*b",
    "a*b",
    "a**b",
    "**b",
    "***/b",
    "a\\",
    "\\",
    "é*",
    "?a",
    "*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*c",
    "d/e/f/",
    "docs/**/*.json",
    "*.json\n!docs/**",
    "build/\n!build/in",
    "a/b\r",
    "*é",
    "d/x.log",
    "d/**/x.log",
    "d/e/*",
    "*.log/",
    "\ufeffab",
]
FILES = [
    "a",
    "b",
    "ab",
    "aab",
    "abc",
    "axb",
    "a*b",
    "x.log",
    "keep.log",
    "#x",
    "!x",
    "x ",
    "x",
    "sp ace",
    "é",
    "éa",
    "]",
    "-",
    "5",
    "d/x.log",
    "d/e/b",
    "d/e/f/c",
    "d/b",
    "out/x",
    "out/y/z",
    "docs/a/b.json",
    "docs/b.json",
    "build/in",
    "build/other",
    "a" * 40 + "c",
]
FOLDERS = ["out", "out/y", "d", "d/e", "d/e/f", "docs", "docs/a", "build", "a" * 40]


def within_guard(action: Callable[[], T]) -> T:
    outcome: list[T] = []
    done = threading.Event()

    def run() -> None:
        outcome.append(action())
        done.set()

    threading.Thread(target=run, daemon=True).start()
    assert done.wait(GUARD), f"still working after {GUARD:g} s"
    return outcome[0]


def verdict(rules: IgnoreRules, path: str) -> bool | None:
    """As the walk sees it: a path inside an ignored folder is ignored (git: "it is not possible to re-include
    a file if a parent directory of that file is excluded"), else its own patterns decide."""
    names = path.rstrip("/").split("/")
    for depth in range(1, len(names)):
        if rules.decides("/".join(names[:depth]) + "/"):
            return True
    return rules.decides(path)


def git_verdicts(repo: Path, paths: list[str]) -> dict[str, bool | None]:
    """git's answer for each path: True ignored, False re-included by a negation, None no pattern."""
    result = subprocess.run(
        [str(GIT), "-c", "core.ignorecase=false", "check-ignore", "--no-index", "-v", "-n", "-z", "--stdin"],
        cwd=repo,
        input=b"\0".join(os.fsencode(p) for p in paths) + b"\0",
        capture_output=True,
        timeout=GUARD,
    )
    assert result.returncode in (0, 1), result.stderr
    fields = result.stdout.split(b"\0")
    verdicts: dict[str, bool | None] = {}
    for index in range(0, len(fields) - 1, 4):
        source, _line, pattern, path = fields[index : index + 4]
        verdicts[os.fsdecode(path)] = None if not source else not pattern.startswith(b"!")
    return verdicts


def test_matching_agrees_with_git_check_ignore(tmp_path: Path) -> None:
    subprocess.run([str(GIT), "init", "-q", str(tmp_path)], check=True, timeout=GUARD)
    asked: list[str] = []
    for number, pattern in enumerate(PATTERNS):
        case = tmp_path / f"case{number}"
        for folder in FOLDERS:
            (case / folder).mkdir(parents=True, exist_ok=True)
        for file in FILES:
            (case / file).write_bytes(b"")
        (case / ".gitignore").write_bytes(pattern.encode() + b"\n")
        asked += [f"case{number}/{path}" for path in FILES + FOLDERS]
    expected = git_verdicts(tmp_path, asked)
    disagreements = []
    for number, pattern in enumerate(PATTERNS):
        rules = IgnoreRules(pattern.encode() + b"\n")
        for path in FILES + FOLDERS:
            shown = path + "/" if path in FOLDERS else path
            ours = within_guard(lambda: verdict(rules, shown))  # noqa: B023 - called at once
            theirs = expected[f"case{number}/{path}"]
            if ours != theirs:
                disagreements.append(f"{pattern!r} on {shown!r}: git {theirs}, portlint {ours}")
    assert disagreements == [], "\n".join(disagreements)


def test_a_pathological_pattern_beside_a_long_name_does_not_freeze_the_walk(tmp_path: Path) -> None:
    """pathspec's backtracking regex ran for minutes here, holding the GIL (so in a subprocess: a thread's
    guard could not even wake up); git answers in milliseconds."""
    # git itself needs seconds for the second line against the name ending in c: a star fails, and it retries
    (tmp_path / ".gitignore").write_text("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*c\n*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b\n")
    for folder in ("a" * 40, "a" * 40 + "c"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "Procfile").write_text("web: flask run --port 5055\n")
    code = "import sys; from portlint.workspace.discover import discover; print(*discover(sys.argv[1]).files)"
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, timeout=GUARD, check=True
    )
    assert done.stdout.strip() == f"ConfigFile(path='{tmp_path / ('a' * 40) / 'Procfile'}', kind='procfile')"


def test_a_large_gitignore_is_cheap_and_still_right(tmp_path: Path) -> None:
    """0.9 MB of patterns (pathspec: 6 s and 250 MB) checked against git on a sample of paths."""
    chooser = random.Random(7)
    words = ["src", "lib", "out", "gen", "tmp", "cache", "a", "b", "web", "api"]
    lines: list[str] = []
    size = 0
    while size < 900_000:
        word, other = chooser.choice(words), chooser.choice(words)
        number = chooser.randrange(100_000)
        lines.append(
            chooser.choice(
                [
                    f"{word}/{other}{number}.js",
                    f"*.{word}{number}",
                    f"{word}{number}/",
                    f"!{other}{number}",
                    f"/{word}/**/{other}{number}",
                    f"{word}*{number}*{other}",
                    f"[a-c]{word}?{number}",
                ]
            )
        )
        size += len(lines[-1]) + 1
    data = "\n".join(lines).encode()
    paths = [f"{chooser.choice(words)}{chooser.randrange(100_000)}" for _ in range(200)]
    paths += [f"{chooser.choice(words)}/{chooser.choice(words)}{chooser.randrange(100_000)}.js" for _ in range(200)]
    paths += [
        line.lstrip("!/").rstrip("/") for line in chooser.sample(lines, 100) if "*" not in line and "?" not in line
    ]
    subprocess.run([str(GIT), "init", "-q", str(tmp_path)], check=True, timeout=GUARD)
    (tmp_path / ".gitignore").write_bytes(data)
    expected = git_verdicts(tmp_path, paths)

    rules = within_guard(lambda: IgnoreRules(data))
    ours = within_guard(lambda: {path: rules.decides(path) for path in paths})
    assert ours == expected
