"""Writes the finding codes out of their one table (server/portlint/core/codes.py) into the places that
list them: the `portlint.severity` setting schema in package.json and the README's list of codes.

    python scripts/sync_codes.py           # rewrite both
    python scripts/sync_codes.py --check   # exit 1 and name the files that drifted

`tests/unit/test_codes_table.py` runs the check, so a code added to the table without this step fails.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "server"))

from portlint.core.codes import CODES, Code  # noqa: E402

PACKAGE_JSON = REPO / "package.json"
README = REPO / "README.md"
SEVERITY_CHOICES = ["error", "warning", "information", "hint", "off"]
BEGIN = "<!-- codes:begin (written by scripts/sync_codes.py from server/portlint/core/codes.py) -->"
END = "<!-- codes:end -->"


def severity_property(code: Code) -> dict[str, Any]:
    return {
        "type": "string",
        "enum": SEVERITY_CHOICES,
        "description": f"{code.title} Default: {code.severity}.",
    }


def package_json_text(current: str) -> str:
    manifest = json.loads(current)
    severity = manifest["contributes"]["configuration"]["properties"]["portlint.severity"]
    severity["properties"] = {code.id: severity_property(code) for code in CODES}
    return json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"


def readme_table() -> str:
    rows = [f"| [`{c.id}`](#{c.id}) | {c.severity} | {_cell(c.title)} |" for c in CODES]
    return "\n".join([BEGIN, "| code | default severity | what it means |", "| --- | --- | --- |", *rows, END])


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def readme_text(current: str) -> str:
    start, end = current.index(BEGIN), current.index(END) + len(END)
    return current[:start] + readme_table() + current[end:]


def drifted() -> dict[Path, str]:
    """The files whose text differs from what the table makes of them, with the text they should have."""
    wanted = {}
    for path, render in ((PACKAGE_JSON, package_json_text), (README, readme_text)):
        current = path.read_text(encoding="utf-8")
        text = render(current)
        if text != current:
            wanted[path] = text
    return wanted


def main(argv: list[str]) -> int:
    wanted = drifted()
    if "--check" in argv:
        for path in wanted:
            print(f"{path.relative_to(REPO)} lists other codes than core/codes.py; run scripts/sync_codes.py")
        return 1 if wanted else 0
    for path, text in wanted.items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
