"""The file a Node command or a package's `"main"` starts, as `FileReference` candidates: how Node resolves
the name (`index` → `index.js`, a folder → its `index.js`), then, for a built file that is not in the
workspace (`node dist/index.js`), the source it is built from (`src/index.ts`, as tsc's and tsup's usual
`src` → `dist` layout puts it). The reference is weak: a file firebase.json names as a Cloud Functions
source stays one (`functions/package.json`'s `"main": "index.js"` is no Node server)."""

from __future__ import annotations

import os

from ...core.facts import FileReference, ParseResult
from ...core.model import Location
from ...readers.jsonc import JNode

SCRIPT_EXTENSIONS = (".js", ".mjs", ".cjs", ".ts", ".mts", ".cts")
_BUILT = ("dist", "build", "lib", "out")  # folders compilers write to
_BUILT_EXTENSIONS = (".js", ".mjs", ".cjs")


def script_reference(named_by: str, script: str, location: Location) -> FileReference:
    """The script a command runs (absolute), read as a Node server's source if it is one."""
    return FileReference(named_by, script_candidates(script), "node", location, weak=True)


def read_main(path: str, node: JNode) -> ParseResult:
    """package.json's `"main"`: the file `node .` and `npm start` (without a start script) run."""
    if node.text is None or not node.text.strip():
        return ParseResult()
    script = os.path.normpath(os.path.join(os.path.dirname(path), node.text))
    return ParseResult(facts=[script_reference(path, script, node.location)])


def script_candidates(script: str) -> tuple[str, ...]:
    stem, extension = os.path.splitext(script)
    named = (script,) if extension in SCRIPT_EXTENSIONS else (script, f"{script}.js", os.path.join(script, "index.js"))
    return tuple(dict.fromkeys((*named, *_sources(stem, extension))))


def _sources(stem: str, extension: str) -> tuple[str, ...]:
    """`<pkg>/dist/server/index.js` → `<pkg>/src/server/index.ts` and `.js`."""
    if extension not in _BUILT_EXTENSIONS:
        return ()
    parts = stem.split(os.sep)
    built = next((n for n in range(len(parts) - 1, -1, -1) if parts[n] in _BUILT), None)
    if built is None:
        return ()
    source = os.sep.join((*parts[:built], "src", *parts[built + 1 :]))
    return (f"{source}.ts", f"{source}.js")
