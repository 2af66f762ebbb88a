"""firebase-tools' emulators: `firebase.json` (emulators, hosting headers), `firebase emulators:start`/`serve`."""

from __future__ import annotations

from ..base import DevServer, FileKind

NAME = "firebase"
_CLI = "portlint.tools.firebase.cli:read_firebase_args"

TOOL = DevServer(
    name=NAME,
    files=(
        FileKind(
            "firebase",
            "portlint.tools.firebase.hosting_headers:parse_firebase_file",
            names=("firebase.json",),
            globs=("**/firebase.json",),
            telltale=("firebase.json",),
        ),
        # Named by firebase.json, never discovered by name: the Cloud Functions source its rewrites lead to.
        FileKind(
            "functions",
            "portlint.tools.firebase.functions_source:parse_functions_source",
            globs=("**/functions/{index,src/index,lib/index}.{js,ts}",),
            quiet=True,
            examples=("functions/index.js",),
        ),
    ),
    programs={"firebase": _CLI, "firebase-tools": _CLI},
    resolve="portlint.tools.firebase.resolve:resolve",
    checks="portlint.tools.firebase.checks:check",
    reads=(
        "portlint.tools.firebase.facts:FirebaseEmulator",
        "portlint.tools.firebase.facts:FirebaseProject",
    ),
)
