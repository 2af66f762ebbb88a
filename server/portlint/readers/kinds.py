"""The files several dev servers share: env files, VS Code launch configurations, package.json scripts,
Makefiles and Procfiles. The command lines in them are handed to each tool's own reader (see
`portlint.tools`)."""

from __future__ import annotations

from ..tools.base import AlsoReads, FileKind
from .source_names import (
    BROWSER_SOURCE_FOLDERS,
    BROWSER_SOURCE_SUFFIXES,
    is_browser_source_name,
    is_server_source_name,
)

_COMMANDS = "portlint.readers.command_files"
_BROWSER_CALLS = "portlint.readers.browser_calls"
# A front end's source is read only where it has a call of a client portlint reads.
_CALL_BYTES = (b"fetch(", b"HttpClient", b"axios")

SHARED_FILES: tuple[FileKind, ...] = (
    # Flask reads .flaskenv and .env by itself, Create React App .env.local, .env.development and
    # .env.development.local too; other env files count only when a command names them.
    FileKind(
        "dotenv",
        "portlint.readers.dotenv:parse_dotenv",
        names=(".flaskenv", ".env", ".env.local", ".env.development", ".env.development.local"),
        globs=("**/.flaskenv", "**/.env", "**/.env.*"),
        telltale=(".flaskenv",),
        never_ignored=True,
    ),
    FileKind(
        "launch",
        "portlint.readers.launch:parse_launch",
        names=("launch.json",),
        folder=".vscode",
        globs=("**/.vscode/launch.json",),
        never_ignored=True,
        takes_workspace=True,
    ),
    FileKind("package", f"{_COMMANDS}:parse_package_json", names=("package.json",), globs=("**/package.json",)),
    FileKind(
        "makefile",
        f"{_COMMANDS}:parse_makefile",
        names=("Makefile", "makefile", "GNUmakefile"),
        globs=("**/Makefile", "**/makefile", "**/GNUmakefile"),
    ),
    FileKind("procfile", f"{_COMMANDS}:parse_procfile", names=("Procfile",), globs=("**/Procfile",)),
    # Servers portlint does not resolve (an Express entry file): only the ports they name, so that a proxy
    # target there is not taken for a mismatch. (Shell scripts are the `shell` kind: their command lines.)
    FileKind(
        "server-source",
        "portlint.readers.server_ports:parse_server_source",
        matches=is_server_source_name,
        globs=("**/{index,start,serve,www,backend,run,dev}.{js,mjs,cjs,ts}",),
        quiet=True,
        needs_bytes=(b"listen", b"port", b"PORT"),
        examples=("backend/index.js",),
    ),
    # Shell scripts that start dev servers (`./run.sh`): most scripts start none, so their troubles are quiet.
    FileKind("shell", f"{_COMMANDS}:parse_shell_script", suffix=".sh", globs=("**/*.sh",), quiet=True),
    FileKind("shell", f"{_COMMANDS}:parse_shell_script", suffix=".bash", globs=("**/*.bash",), quiet=True),
    # A front end's modules that make its HTTP calls (the requests CORS judges): Angular services, the
    # modules of a `services/` folder, React's and Vue's `App.*`. Bounded by name, and read only with a call.
    FileKind(
        "browser-source",
        f"{_BROWSER_CALLS}:parse_browser_calls",
        matches=is_browser_source_name,
        globs=("**/*.{service,api}.{ts,js}", "**/App.{js,jsx,ts,tsx,vue}"),
        quiet=True,
        needs_bytes=_CALL_BYTES,
        examples=("src/app/api.service.ts", "src/App.jsx"),
    ),
    *(
        FileKind(
            "browser-source",
            f"{_BROWSER_CALLS}:parse_browser_calls",
            suffix=suffix,
            folder=folder,
            globs=(f"**/{folder}/*{suffix}",),
            quiet=True,
            needs_bytes=_CALL_BYTES,
            examples=(f"src/{folder}/items{suffix}",),
        )
        for folder in BROWSER_SOURCE_FOLDERS
        for suffix in BROWSER_SOURCE_SUFFIXES
    ),
)

# Kinds another reader owns that these shared readers read too: a front end's `src/api.js` is named as a Node
# server's entry file.
SHARED_ALSO_READS: tuple[AlsoReads, ...] = (
    AlsoReads("node", f"{_BROWSER_CALLS}:parse_api_module", needs_bytes=_CALL_BYTES),
)
