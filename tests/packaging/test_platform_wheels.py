"""The macOS and Windows VSIX carry the right native wheels.

`extension/scripts/package.mjs --wheels-only DIR` downloads each target's bundle exactly as it does for the
VSIX (PyPI's wheels for that platform; the VSIX packs `dist/bundled/wheels/*.whl` as they are). Then:
- every wheel is for the target's platform (or pure), and each native package is there for it;
- for each Python version the bundle covers and this machine has, the bundled pip resolves the server
  offline from the bundle for the target, as the extension's install will, and picks native wheels of the
  target and of that Python.

Downloads go through pip's cache: the first run takes about a minute, later ones seconds. Offline (no PyPI),
set PORTLINT_OFFLINE=1 to skip with that reason.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pip._vendor.packaging.utils import canonicalize_name, parse_wheel_filename

ROOT = Path(__file__).resolve().parents[2]
TARGETS = {  # VS Code target -> (pip's --platform for the resolution, platform tags a wheel may carry)
    "darwin-arm64": ("macosx_11_0_arm64", ("macosx_", "_arm64", "_universal2")),
    "darwin-x64": ("macosx_10_13_x86_64", ("macosx_", "_x86_64", "_universal2", "_intel")),
    "win32-x64": ("win_amd64", ("win_amd64",)),
}
VERSIONS = ("3.10", "3.13")  # the oldest and newest CPython the VSIX serves
NATIVE = (
    "psutil",
    "watchdog",
    "msgspec",
    "tree-sitter",
    "tree-sitter-json",
    "tree-sitter-python",
    "tree-sitter-javascript",
)

pytestmark = pytest.mark.skipif(os.environ.get("PORTLINT_OFFLINE") == "1", reason="PORTLINT_OFFLINE=1: no PyPI")


@pytest.fixture(scope="module")
def bundles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is needed to run extension/scripts/package.mjs")
    out = tmp_path_factory.mktemp("wheels")
    command = [node, str(ROOT / "extension" / "scripts" / "package.mjs"), "--wheels-only", str(out)]
    for target in TARGETS:
        command += ["--target", target]
    command += ["--python-versions", ",".join(VERSIONS)]
    env = {**os.environ, "PORTLINT_BUILD_PYTHON": os.environ.get("PORTLINT_BUILD_PYTHON", sys.executable)}
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900, check=False)
    assert done.returncode == 0, f"package.mjs --wheels-only failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return out


def platform_of(tag_platform: str, target: str) -> bool:
    allowed = TARGETS[target][1]
    if target.startswith("darwin"):
        return tag_platform.startswith("macosx_") and tag_platform.endswith(allowed[1:])
    return tag_platform in allowed


def wheels(folder: Path) -> dict[str, list[set[str]]]:
    """Each distribution's wheels, as the set of platform tags of each file."""
    found: dict[str, list[set[str]]] = {}
    for path in sorted(folder.glob("*.whl")):
        name, _version, _build, tags = parse_wheel_filename(path.name)
        found.setdefault(str(name), []).append({tag.platform for tag in tags})
    return found


@pytest.mark.parametrize("target", sorted(TARGETS))
def test_every_wheel_is_for_the_target_or_pure(bundles: Path, target: str) -> None:
    found = wheels(bundles / target)
    assert "portlint" in found and "pip" in found
    for name, files in found.items():
        for platforms in files:
            assert platforms == {"any"} or all(platform_of(p, target) for p in platforms), (name, platforms)
    for name in NATIVE:
        assert name in found, f"{target} misses {name}"
        assert all(platforms != {"any"} for platforms in found[name]), f"{name} is not native for {target}"


def local_python(version: str) -> str | None:
    candidates = [shutil.which(f"python{version}")]
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    if pyenv.is_dir():
        candidates += [str(p / "bin" / f"python{version}") for p in sorted(pyenv.glob(f"{version}.*"), reverse=True)]
    for candidate in candidates:
        if candidate and subprocess.run([candidate, "--version"], capture_output=True, check=False).returncode == 0:
            return candidate
    return None


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("target", sorted(TARGETS))
def test_the_bundled_pip_resolves_the_server_offline_for_the_target(
    bundles: Path, target: str, version: str, tmp_path: Path
) -> None:
    """What the extension runs on the user's machine (`pip install --no-index --find-links WHEELS portlint`),
    resolved here for the target's platform with a real Python of that version (pip applies Requires-Python
    and markers of the Python that runs it: a stand-in version would pick wheels the real one refuses)."""
    python = local_python(version)
    if python is None:
        pytest.skip(f"no Python {version} on this machine to resolve with")
    folder = bundles / target
    [pip] = folder.glob("pip-*.whl")
    report = tmp_path / "report.json"
    command = [
        python,
        str(pip / "pip"),
        "install",
        "--dry-run",
        "--ignore-installed",
        "--quiet",
        "--disable-pip-version-check",
        "--no-index",
        "--find-links",
        str(folder),
        "--only-binary=:all:",
        "--platform",
        TARGETS[target][0],
        "--target",
        str(tmp_path / "target"),
        "--report",
        str(report),
        "portlint",
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False, env=isolated())
    assert done.returncode == 0, done.stderr[-3000:]
    chosen = {
        canonicalize_name(item["metadata"]["name"]): Path(item["download_info"]["url"]).name
        for item in json.loads(report.read_text())["install"]
    }
    cp = "cp" + version.replace(".", "")
    for name in NATIVE:
        _name, _version, _build, tags = parse_wheel_filename(chosen[name])
        assert all(platform_of(tag.platform, target) for tag in tags), chosen[name]
        interpreters = {tag.interpreter for tag in tags}
        assert interpreters & {cp, "py3"} or any(t.abi == "abi3" for t in tags), (chosen[name], version)


def isolated() -> dict[str, str]:
    """No user pip configuration (a mirror, find-links of this machine) in the resolution."""
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("PIP_")}
    return {**env, "PIP_CONFIG_FILE": os.devnull, "PYTHONNOUSERSITE": "1"}


def test_the_vsix_packs_the_staged_wheels() -> None:
    """package.mjs stages each target's wheels in serverInfo.wheels; .vscodeignore must let them into the VSIX
    (it excludes everything else), and the extension installs from that same folder."""
    manifest = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    folder = manifest["serverInfo"]["wheels"]
    rules = [line.strip() for line in (ROOT / ".vscodeignore").read_text(encoding="utf-8").splitlines()]
    assert "**" in rules and f"!{folder}/*.whl" in rules
    assert "manifest.serverInfo.wheels" in (ROOT / "extension" / "scripts" / "package.mjs").read_text(encoding="utf-8")
