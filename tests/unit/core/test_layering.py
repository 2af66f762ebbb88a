"""The core stays pure: importing it loads none of the adapters' heavy or OS-facing libraries."""

import json
import subprocess
import sys

FORBIDDEN = (
    "pygls",
    "lsprotocol",
    "psutil",
    "watchdog",
    "portlint.system",
    "portlint.workspace",
    "portlint.probe",
    "portlint.lsp",
)


def test_core_imports_no_adapter_library() -> None:
    code = (
        "import sys, json\n"
        "import portlint.core.analyze, portlint.tools.resolve, portlint.tools.flask.cors_checks\n"
        f"print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r} "
        f"or any(m.startswith(f + '.') or m == f for f in {FORBIDDEN!r}))))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(result.stdout) == []
