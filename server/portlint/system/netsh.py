"""Windows' excluded port ranges: ports no program may bind though no process holds them.

Hyper-V, WinNAT (WSL 2, Docker Desktop) and administrators reserve ranges of TCP ports; a bind there fails
with WinError 10013 ("An attempt was made to access a socket in a way forbidden by its access permissions")
or Node's EACCES, and `netstat` shows nobody. `netsh interface ipv4 show excludedportrange protocol=tcp`
lists them as a table:

    Protocol tcp Port Exclusion Ranges

    Start Port    End Port
    ----------    --------
          5357        5357
         50000       50059     *

    * - Administered port exclusions.

The header is translated with the system's language ("Puerto de inicio", "开始端口", "Startport"), so the rows
are read by their shape only: two port numbers and an optional `*` (an administered exclusion, one added on
purpose with `netsh int ipv4 add excludedportrange`, which restarting WinNAT does not free).
"""

from __future__ import annotations

import re
import subprocess
import sys

from ..core.model import PortRange

PROGRAM = "netsh"  # tests point this at a stand-in that prints a recorded output
FAMILIES = ("ipv4", "ipv6")
# CREATE_NO_WINDOW: the language server has no console (VS Code starts it hidden), and without this flag every
# netsh run would open and close a console window on the user's screen.
CREATE_NO_WINDOW = 0x08000000
_ROW = re.compile(r"^\s*(\d{1,5})\s+(\d{1,5})\s*(\*?)\s*$")


def command(family: str) -> list[str]:
    return [PROGRAM, "interface", family, "show", "excludedportrange", "protocol=tcp"]


def parse_excluded_ranges(text: str) -> list[PortRange]:
    """The ranges of one `show excludedportrange` output, in its order. Never raises: a line that is not
    two ports (headers in any language, the dashes, the footnote) is skipped, and so is a row whose ports
    are out of range or reversed."""
    ranges: list[PortRange] = []
    for line in text.splitlines():
        match = _ROW.match(line)
        if match is None:
            continue
        start, end = int(match.group(1)), int(match.group(2))
        if 1 <= start <= end <= 65535:
            ranges.append(PortRange(start, end, administered=match.group(3) == "*"))
    return ranges


def merge(*tables: list[PortRange]) -> tuple[PortRange, ...]:
    """The ranges of several outputs (IPv4 and IPv6 list the same store), each once, in port order."""
    return tuple(sorted({item for table in tables for item in table}))


def window_flags(platform: str = sys.platform) -> int:
    """Process creation flags for a console program run in the background: no window on Windows."""
    return CREATE_NO_WINDOW if platform == "win32" else 0


def run_netsh(family: str, timeout: float = 5.0) -> str | None:
    """netsh's output for one address family; None when netsh is missing, fails or hangs."""
    try:
        done = subprocess.run(
            command(family),
            capture_output=True,
            stdin=subprocess.DEVNULL,
            timeout=timeout,
            check=False,
            creationflags=window_flags(),
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    # netsh writes in the console's code page; the rows are ASCII digits whatever it is.
    return done.stdout.decode("utf-8", errors="replace")


def reserved_ranges(platform: str = sys.platform) -> tuple[PortRange, ...]:
    """The excluded TCP ranges of this machine (IPv4 and IPv6 together); nothing outside Windows."""
    if platform != "win32":
        return ()
    outputs = [run_netsh(family) for family in FAMILIES]
    return merge(*(parse_excluded_ranges(text) for text in outputs if text is not None))
