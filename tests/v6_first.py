"""`localhost` resolving to ::1 first (as on macOS and many Linux machines) where this machine's resolver says
otherwise: a private mount namespace with a hosts file of the test's own bound over /etc/hosts. Linux, root."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

HOSTS = "::1 localhost\n127.0.0.1 localhost\n"


def v6_first_prefix(folder: Path) -> tuple[tuple[str, ...] | None, str]:
    """A command prefix that runs a program with `localhost` resolving to ::1 first, and "" ; or None and why
    that is not possible here. Writes the hosts file into `folder`."""
    if not sys.platform.startswith("linux") or shutil.which("unshare") is None:
        return None, "needs Linux unshare to give localhost another order"
    hosts = folder / "hosts"
    hosts.write_text(HOSTS)
    check = subprocess.run(
        ["unshare", "--mount", "sh", "-c", f"mount --bind {hosts} /etc/hosts && getent ahosts localhost"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    if check.returncode != 0 or not check.stdout.startswith("::1"):
        return None, f"cannot give localhost ::1 first here: {check.stderr.strip() or check.stdout.strip()}"
    return ("unshare", "--mount", "sh", "-c", f'mount --bind {hosts} /etc/hosts && exec "$0" "$@"'), ""
