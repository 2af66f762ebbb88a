"""discover(): which files of a real temp tree are configs, what is pruned, and what goes wrong safely."""

from __future__ import annotations

import os
import pickle
import shutil
import stat
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

from portlint.core.model import ZERO_RANGE
from portlint.workspace.discover import (
    MAX_CONFIG_BYTES,
    PRUNED_FOLDERS,
    ConfigFile,
    Discovery,
    discover,
    kind_of,
    walk,
)

T = TypeVar("T")
NOBODY = 65534


def make_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def found(discovery: Discovery) -> set[tuple[str, str]]:
    """(path relative to the root with "/", kind) of every discovered file."""
    return {(os.path.relpath(f.path, discovery.root).replace(os.sep, "/"), f.kind) for f in discovery.files}


def run_unprivileged(action: Callable[[], T]) -> T:
    """Runs `action` where permissions bite: as is when not root, else in a forked child as `nobody`
    (chmod 000 does not stop root). The result comes back pickled through a pipe."""
    if os.geteuid() != 0:
        return action()
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: drop root for good, run, report, leave without running pytest's cleanup
        code = 1
        try:
            os.close(reader)
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            payload = pickle.dumps(action())
            with os.fdopen(writer, "wb") as out:
                out.write(payload)
            code = 0
        finally:
            os._exit(code)
    os.close(writer)
    with os.fdopen(reader, "rb") as incoming:
        payload = incoming.read()
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, "the unprivileged child failed"
    result: T = pickle.loads(payload)
    return result


# ---- classification --------------------------------------------------------------------------------

KINDS = [
    ("firebase.json", "firebase"),
    ("angular.json", "angular"),
    ("proxy.conf.json", "proxy"),
    ("proxy.conf.js", "proxy"),
    ("proxy.conf.mjs", "proxy"),
    ("proxy.conf.cjs", "proxy"),
    ("proxy.config.json", "proxy"),
    ("proxy.conf.dev.json", "proxy"),
    ("dev.proxy.conf.json", "proxy"),
    ("proxy-conf.json", "proxy"),
    ("proxy.json", "proxy"),
    ("proxy.local.json", "proxy"),
    ("Proxy.Conf.JSON", "proxy"),
    ("proxy.js", None),
    ("http-proxy.js", None),
    ("proxy.conf.ts", None),
    (".flaskenv", "dotenv"),
    (".env", "dotenv"),
    (".env.local", "dotenv"),
    (".env.production", None),
    ("env", None),
    (".vscode/launch.json", "launch"),
    ("launch.json", None),
    ("package.json", "package"),
    ("package-lock.json", None),
    ("Makefile", "makefile"),
    ("makefile", "makefile"),
    ("GNUmakefile", "makefile"),
    ("Procfile", "procfile"),
    ("app.py", "python"),
    ("app.pyc", None),
    ("main.ts", "node"),
    ("server.js", "node"),
    ("index.ts", "server-source"),  # another usual entry point: only scanned for the ports it names
    ("start.sh", "shell"),
    ("app.component.ts", None),
    ("vite.config.mts", "vite"),
]


@pytest.mark.parametrize(("rel", "kind"), KINDS)
def test_kind_of_names(rel: str, kind: str | None) -> None:
    assert kind_of(os.path.join("/work/app", rel)) == kind


def test_discovers_every_kind_with_absolute_paths(tmp_path: Path) -> None:
    make_tree(tmp_path, {rel: "{}" for rel, kind in KINDS if kind})
    discovery = discover(str(tmp_path))
    assert found(discovery) == {(rel, kind) for rel, kind in KINDS if kind}
    assert all(os.path.isabs(f.path) for f in discovery.files)
    assert [f.path for f in discovery.files] == sorted(f.path for f in discovery.files)
    assert discovery.problems == [] and discovery.skipped == []


def test_the_walk_tells_each_name_as_kind_of_does_wherever_the_name_lies(tmp_path: Path) -> None:
    """The walk remembers what a name means; the kinds a folder gives (`bin/www`, `src/setupProxy.js`,
    `services/index.js`), and those a name's test gives to files only, are still told for each entry."""
    names = {os.path.basename(rel) for rel, _ in KINDS} | {"www", "setupProxy.js", "index.js", "x.conf", "a.sh"}
    folders = ["", "a/", "bin/", "a/bin/", "bin/a/", "src/", "services/", ".vscode/", "nginx/", "environments/"]
    make_tree(tmp_path, {f"{folder}{name}": "{}" for folder in folders for name in names})
    make_tree(tmp_path, {"b/proxy.conf.json/Makefile": "", "b/webpack.config.js/x.py": "", "b/www/Procfile": ""})
    expected = {
        (os.path.relpath(os.path.join(folder, name), tmp_path).replace(os.sep, "/"), kind)
        for folder, _, files in os.walk(tmp_path)
        for name in files
        if (kind := kind_of(os.path.join(folder, name))) is not None
    }
    assert {kind for _, kind in expected} >= {"proxy", "node", "launch", "nginx", "python", "shell"}
    assert ("bin/www", "node") in expected and ("a/www", "node") not in expected
    assert found(discover(str(tmp_path))) == expected


# ---- pruning ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("folder", sorted(PRUNED_FOLDERS))
def test_prunes_folder_by_name(tmp_path: Path, folder: str) -> None:
    make_tree(tmp_path, {"firebase.json": "{}", f"{folder}/firebase.json": "{}", f"app/{folder}/x/Makefile": ""})
    assert found(discover(str(tmp_path))) == {("firebase.json", "firebase")}


@pytest.mark.parametrize("marker", ["pyvenv.cfg", "conda-meta/history"])
@pytest.mark.parametrize("folder", ["env", "python-env", "backend/.pyenv"])
def test_prunes_python_environments_whatever_their_name(tmp_path: Path, folder: str, marker: str) -> None:
    make_tree(tmp_path, {f"{folder}/{marker}": "", f"{folder}/lib/site/app.py": "", f"{folder}/Makefile": ""})
    assert found(discover(str(tmp_path))) == set()


def test_walks_an_env_folder_that_is_not_a_virtualenv(tmp_path: Path) -> None:
    make_tree(tmp_path, {"env/.flaskenv": "", "env/settings.py": ""})
    assert found(discover(str(tmp_path))) == {("env/.flaskenv", "dotenv"), ("env/settings.py", "python")}


def test_a_workspace_named_like_a_pruned_folder_is_still_walked(tmp_path: Path) -> None:
    make_tree(tmp_path, {"build/firebase.json": "{}"})
    assert found(discover(str(tmp_path / "build"))) == {("firebase.json", "firebase")}


# ---- .gitignore ------------------------------------------------------------------------------------


def test_nested_gitignores_apply_relative_to_their_folder_and_negation_reincludes(tmp_path: Path) -> None:
    make_tree(
        tmp_path,
        {
            ".gitignore": "*.json\n!package.json\ngenerated/\n.vscode/\n.env\n# a comment\n\n",
            "firebase.json": "{}",  # ignored by *.json
            "package.json": "{}",  # re-included at the root
            "generated/Makefile": "",  # pruned folder
            "web/generated/Makefile": "",  # `generated/` matches at any depth
            "app/.gitignore": "!firebase.json\n/local/\n",
            "app/firebase.json": "{}",  # the nearer .gitignore re-includes it
            "app/angular.json": "{}",  # still ignored by the root's *.json
            "app/local/Makefile": "",  # /local/ is anchored to app/
            "app/src/local/Makefile": "",  # ... so this one stays
            "local/Makefile": "",  # ... and so does this one
            ".vscode/launch.json": "{}",  # .vscode/ and launch.json are never ignored
            ".env": "",  # ignored by git, read by Flask
        },
    )
    assert found(discover(str(tmp_path))) == {
        ("package.json", "package"),
        ("app/firebase.json", "firebase"),
        ("app/src/local/Makefile", "makefile"),
        ("local/Makefile", "makefile"),
        (".vscode/launch.json", "launch"),
        (".env", "dotenv"),
    }


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
@pytest.mark.parametrize("candidate_sizes", [True, False])
def test_nested_gitignores_of_every_kind_of_pattern_agree_with_git(tmp_path: Path, candidate_sizes: bool) -> None:
    """The walk asks first whether any .gitignore in force may match a name (their names and suffixes
    gathered per folder); what it keeps must be what git leaves untracked, nested files and negations too."""
    files = [f"{folder}{name}" for folder in ("", "a/", "a/b/", "c/", "c/gen/", "a/b/gen/x/", "d/") for name in NAMES]
    make_tree(tmp_path, {path: "" for path in files})
    make_tree(
        tmp_path,
        {
            ".gitignore": "*.py\n!keep.py\nProcfile\n",
            "a/.gitignore": "!*.py\nMake*\n[Pp]ackage.json\n",
            "a/b/.gitignore": "!Procfile\n/keep.py\n**/gen/**\n",
            "c/.gitignore": "gen/\n?akefile\n",
            "d/.gitignore": "*.sh\n",
        },
    )
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True, timeout=60)
    listed = subprocess.run(
        ["git", "-c", "core.excludesFile=/dev/null", "ls-files", "-o", "--exclude-standard", "-z"],
        cwd=tmp_path,
        capture_output=True,
        check=True,
        timeout=60,
    ).stdout.decode()
    untracked = [path for path in listed.split("\0") if path]
    expected = {(path, kind) for path in untracked if (kind := kind_of(str(tmp_path / path))) is not None}
    assert len(expected) > 10 and len(expected) < len(files)
    assert found(discover(str(tmp_path), candidate_sizes=candidate_sizes)) == expected


def test_a_gitignore_too_large_to_gather_still_ignores_and_reincludes(tmp_path: Path) -> None:
    """Past a few thousand names the walk asks each .gitignore's own filter instead of their union."""
    many = "".join(f"name{number}\n*.ext{number}\n" for number in range(3000))
    make_tree(
        tmp_path,
        {
            ".gitignore": many + "Makefile\n",
            "Makefile": "",
            "Procfile": "",
            "a/.gitignore": "!Makefile\n" + many,
            "a/Makefile": "",
            "a/b/Makefile": "",
            "a/b/name7/Procfile": "",
        },
    )
    assert found(discover(str(tmp_path))) == {
        ("Procfile", "procfile"),
        ("a/Makefile", "makefile"),
        ("a/b/Makefile", "makefile"),
    }


NAMES = ["app.py", "keep.py", "Procfile", "Makefile", "makefile", "package.json", "Package.json", "start.sh"]


def test_a_file_inside_an_ignored_folder_cannot_be_reincluded(tmp_path: Path) -> None:
    # git: "It is not possible to re-include a file if a parent directory of that file is excluded."
    make_tree(tmp_path, {".gitignore": "out/\n!out/Makefile\n", "out/Makefile": "", "Makefile": ""})
    assert found(discover(str(tmp_path))) == {("Makefile", "makefile")}


def test_directory_only_patterns_do_not_ignore_files(tmp_path: Path) -> None:
    make_tree(tmp_path, {".gitignore": "Procfile/\n", "Procfile": "web: flask run\n"})
    assert found(discover(str(tmp_path))) == {("Procfile", "procfile")}


def test_garbage_gitignore_does_not_break_the_walk(tmp_path: Path) -> None:
    make_tree(
        tmp_path, {".gitignore": b"\xff\xfe\x00garbage\n!\n[\n\\\nsecret/\n", "secret/Makefile": "", "Makefile": ""}
    )
    assert found(discover(str(tmp_path))) == {("Makefile", "makefile")}


# ---- size ------------------------------------------------------------------------------------------


def test_oversize_config_is_a_problem_and_oversize_python_is_skipped_quietly(tmp_path: Path) -> None:
    make_tree(
        tmp_path,
        {
            "firebase.json": " " * (MAX_CONFIG_BYTES + 1),
            "big.py": "#" * (2 * MAX_CONFIG_BYTES),
            "angular.json": " " * MAX_CONFIG_BYTES,  # exactly the limit is fine
        },
    )
    discovery = discover(str(tmp_path))
    assert found(discovery) == {("angular.json", "angular")}
    firebase, big = str(tmp_path / "firebase.json"), str(tmp_path / "big.py")
    assert [p.location.file for p in discovery.problems] == [firebase]
    assert discovery.problems[0].location.range == ZERO_RANGE
    assert discovery.problems[0].reason == "firebase.json is 1.0 MB; portlint reads config files up to 1 MiB"
    assert sorted(path for path, _ in discovery.skipped) == [big, firebase]
    assert all("1 MiB" in reason for _, reason in discovery.skipped)


# ---- links, loops and permissions -------------------------------------------------------------------


def test_link_to_a_parent_folder_does_not_loop(tmp_path: Path) -> None:
    make_tree(tmp_path, {"app/Makefile": "", "app/sub/Procfile": ""})
    (tmp_path / "app" / "sub" / "loop").symlink_to("..", target_is_directory=True)
    (tmp_path / "app" / "root").symlink_to(tmp_path, target_is_directory=True)
    discovery = discover(str(tmp_path))
    assert sorted(discovery.files, key=lambda f: f.path) == [
        ConfigFile(str(tmp_path / "app" / "Makefile"), "makefile"),
        ConfigFile(str(tmp_path / "app" / "sub" / "Procfile"), "procfile"),
    ]


def test_linked_folder_inside_the_workspace_is_walked_once_under_its_real_path(tmp_path: Path) -> None:
    make_tree(tmp_path, {"shared/Makefile": "", "config/firebase.json": "{}"})
    # "a-link" sorts and may be listed before "shared": the real path must still win.
    (tmp_path / "a-link").symlink_to("shared", target_is_directory=True)
    (tmp_path / "pointer").symlink_to(tmp_path / "config", target_is_directory=True)
    (tmp_path / "config").rename(tmp_path / "moved")  # now pointer dangles
    assert found(discover(str(tmp_path))) == {("shared/Makefile", "makefile"), ("moved/firebase.json", "firebase")}


def test_folder_reachable_only_through_a_link_is_walked(tmp_path: Path) -> None:
    make_tree(tmp_path, {".hidden-by-git/Makefile": "", ".gitignore": ".hidden-by-git/\n"})
    (tmp_path / "visible").symlink_to(".hidden-by-git", target_is_directory=True)
    assert found(discover(str(tmp_path))) == {("visible/Makefile", "makefile")}


def test_link_leading_outside_the_workspace_is_not_followed(tmp_path: Path) -> None:
    make_tree(tmp_path, {"outside/Makefile": "", "ws/Procfile": ""})
    (tmp_path / "ws" / "elsewhere").symlink_to(tmp_path / "outside", target_is_directory=True)
    discovery = discover(str(tmp_path / "ws"))
    assert found(discovery) == {("Procfile", "procfile")}
    assert discovery.skipped == [(str(tmp_path / "ws" / "elsewhere"), "folder link leads outside the workspace")]


def test_linked_config_files_are_found(tmp_path: Path) -> None:
    make_tree(tmp_path, {"real.json": "{}"})
    (tmp_path / "firebase.json").symlink_to("real.json")
    (tmp_path / "angular.json").symlink_to("missing.json")  # dangling: quietly nothing
    assert found(discover(str(tmp_path))) == {("firebase.json", "firebase")}


def test_unreadable_folder_is_a_problem_not_a_failure(open_tmp: Path) -> None:
    make_tree(open_tmp, {"Makefile": "", "locked/firebase.json": "{}", "open/Procfile": ""})
    locked = open_tmp / "locked"
    locked.chmod(0)
    try:
        discovery = run_unprivileged(lambda: discover(str(open_tmp)))
    finally:
        locked.chmod(stat.S_IRWXU)
    assert found(discovery) == {("Makefile", "makefile"), ("open/Procfile", "procfile")}
    assert len(discovery.problems) == 1
    problem = discovery.problems[0]
    assert problem.location.file == str(locked) and problem.location.range == ZERO_RANGE
    assert "permission denied" in problem.reason


def test_missing_workspace_is_a_problem(tmp_path: Path) -> None:
    discovery = discover(str(tmp_path / "nope"))
    assert discovery.files == []
    assert [p.reason for p in discovery.problems] == ["the workspace folder does not exist"]


def test_relative_root_gives_absolute_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_tree(tmp_path, {"ws/Procfile": ""})
    monkeypatch.chdir(tmp_path)
    discovery = discover("ws")
    assert discovery.root == str(tmp_path / "ws")
    assert discovery.files == [ConfigFile(str(tmp_path / "ws" / "Procfile"), "procfile")]


def test_a_folder_named_like_a_python_file_is_walked(tmp_path: Path) -> None:
    make_tree(tmp_path, {"tools.py/Makefile": "", "tools.py/run.py": ""})
    assert found(discover(str(tmp_path))) == {("tools.py/Makefile", "makefile"), ("tools.py/run.py", "python")}


def test_prunes_vscode_local_history_copies(tmp_path: Path) -> None:
    """The Local History extension keeps timestamped copies of edited files (an old proxy config) in .history/."""
    make_tree(
        tmp_path,
        {"angular.json": "{}", ".history/frontEnd/proxy.conf_20201015104312.js": "", ".history/angular_1.json": "{}"},
    )
    assert found(discover(str(tmp_path))) == {("angular.json", "angular")}


def test_the_walk_hands_over_files_before_it_ends(tmp_path: Path) -> None:
    # A child scan reads the first folders' files while the walk goes on; sorted, they are discover()'s.
    root = make_tree(tmp_path, {f"{name}/package.json": "{}" for name in ("api", "web", "docs", "tools")})
    result = Discovery(str(root))
    walked = walk(result)
    first = next(walked)
    assert result.files == [first]  # the other folders are not listed yet
    rest = list(walked)
    assert sorted([first, *rest], key=lambda file: file.path) == discover(str(root)).files
    assert len(rest) == 3
