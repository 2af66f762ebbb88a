"""The hover's Markdown as an editor renders it: each holder once, whatever addresses it holds, and no
holder run into the previous holder's bullets (the Markdown is parsed, as VS Code does)."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

from portlint.check import Report
from portlint.core.analyze import analyze
from portlint.core.model import Claim, Settings, Snapshot
from portlint.core.report import decide_holders
from portlint.lsp.features.hover import hover_text

from .core.builders import AIRPLAY, FLASK, ROOT, claim, listener, snapshot

HOSTING = claim(
    5000, service="firebase hosting emulator", tool="firebase", host="localhost", file="firebase.json", movable=True
)


def _hover(claims: list[Claim], snap: Snapshot) -> str:
    settings = Settings()
    holders = decide_holders(snap, ROOT, settings, claims)
    findings = analyze(claims, [], snap, ROOT, settings)
    report = Report(ROOT, settings, claims, holders, findings, [], snap)
    return hover_text(claims[:1], report)


def _blocks(markdown: str) -> list[str]:
    """The text of every paragraph as rendered: a line that ran into a bullet is part of that bullet's text."""
    return [token.content for token in MarkdownIt().parse(markdown) if token.type == "inline"]


def test_a_holder_on_two_addresses_is_listed_once_with_both() -> None:
    text = _hover([claim(5000)], snapshot(listener("0.0.0.0", 5000, AIRPLAY), listener("::", 5000, AIRPLAY)))
    assert text.count("ControlCenter (pid 412") == 1, text
    assert "0.0.0.0:5000, [::]:5000" in text


def test_each_holder_is_its_own_bullet() -> None:
    # Flask (ours) on 127.0.0.1 and AirPlay on ::1: the hosting emulator binds both addresses of localhost.
    snap = snapshot(listener("127.0.0.1", 5000, FLASK), listener("::1", 5000, AIRPLAY))
    text = _hover([HOSTING, claim(5000)], snap)
    blocks = _blocks(text)
    for block in blocks:
        assert len(set(re.findall(r"pid (\d+)", block))) <= 1, f"two holders in one block: {block!r}\n{text}"
        details = block.startswith(("command line:", "running since", "on `"))
        assert not (details and "(pid " in block), f"a holder ran into the previous bullet: {block!r}\n{text}"
    assert any("ControlCenter (pid 412" in block for block in blocks)
    assert any("python3 (pid 900" in block for block in blocks)
