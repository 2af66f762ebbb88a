"""Print the requirements the wheels in a folder need on a target platform and Python, but which no wheel
there provides.

`pip download --python-version X --platform Y` picks wheels for the target, yet evaluates environment
markers for the Python running pip: `exceptiongroup; python_version < "3.11"` is left out when pip runs on
3.11 but the target is 3.10. This fills that gap; package.mjs downloads what it prints.

    python missing_requirements.py WHEEL_DIR PYTHON_VERSION TARGET
"""

from __future__ import annotations

import re
import sys
import zipfile
from email.parser import HeaderParser
from pathlib import Path

# The Python that runs pip for the build runs this too, so pip's own copy of `packaging` is always there.
from pip._vendor.packaging.markers import default_environment
from pip._vendor.packaging.requirements import InvalidRequirement, Requirement
from pip._vendor.packaging.utils import canonicalize_name

# VS Code target -> (sys_platform, platform_system, os_name, platform_machine)
TARGETS = {
    "linux-x64": ("linux", "Linux", "posix", "x86_64"),
    "linux-arm64": ("linux", "Linux", "posix", "aarch64"),
    "darwin-arm64": ("darwin", "Darwin", "posix", "arm64"),
    "darwin-x64": ("darwin", "Darwin", "posix", "x86_64"),
    "win32-x64": ("win32", "Windows", "nt", "AMD64"),
}


def target_environment(python_version: str, target: str) -> dict[str, str]:
    sys_platform, system, os_name, machine = TARGETS[target]
    environment: dict[str, str] = dict(default_environment())
    environment.update(
        python_version=python_version,
        python_full_version=f"{python_version}.0",
        implementation_name="cpython",
        implementation_version=f"{python_version}.0",
        platform_python_implementation="CPython",
        sys_platform=sys_platform,
        platform_system=system,
        os_name=os_name,
        platform_machine=machine,
        extra="",
    )
    return environment


def wheel_metadata(wheel: Path) -> tuple[str, list[str]]:
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if re.fullmatch(r"[^/]+\.dist-info/METADATA", n))
        headers = HeaderParser().parsestr(archive.read(name).decode("utf-8", "replace"))
    return canonicalize_name(headers["Name"]), headers.get_all("Requires-Dist") or []


def missing(folder: Path, python_version: str, target: str) -> list[str]:
    environment = target_environment(python_version, target)
    wheels = [wheel_metadata(path) for path in sorted(folder.glob("*.whl"))]
    present = {name for name, _ in wheels}
    wanted: dict[str, str] = {}
    for _, requirements in wheels:
        for text in requirements:
            try:
                requirement = Requirement(text)
            except InvalidRequirement:
                continue
            if requirement.marker is not None and not requirement.marker.evaluate(environment):
                continue
            name = canonicalize_name(requirement.name)
            if name not in present:
                wanted.setdefault(name, f"{requirement.name}{requirement.specifier}")
    return sorted(wanted.values())


def main(argv: list[str]) -> int:
    if len(argv) != 4 or argv[3] not in TARGETS:
        print(__doc__, file=sys.stderr)
        return 2
    for line in missing(Path(argv[1]), argv[2], argv[3]):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
