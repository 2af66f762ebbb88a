"""Stacks (issue 11, item 7): a port two services share is a clash only when they run together — one project
folder, or a proxy from one to the other; across stacks it is an information."""

from __future__ import annotations

from portlint.core import codes
from portlint.core.analyze import analyze
from portlint.core.model import Claim, Location, Part, Range, Role, Severity
from portlint.core.stacks import Stacks, project_of

from .builders import ROOT, claim


def _twice(claims: list[Claim]) -> list[tuple[str, Severity]]:
    found = [f for f in analyze(claims, [], None, ROOT) if f.code == codes.PORT_CLAIMED_TWICE]
    return sorted((f.location.file.removeprefix(ROOT + "/"), f.severity) for f in found)


def _starter(name: str) -> Claim:
    return claim(4200, service=f"angular {name}", tool="angular", host="localhost", file=f"{name}/angular.json",
                 project=name)  # fmt: skip


def test_independent_starters_on_the_default_port_are_an_information_not_an_error() -> None:
    findings = [f for f in analyze([_starter("myApp"), _starter("decAng")], [], None, ROOT)]
    assert [(f.code, f.severity) for f in findings] == [(codes.PORT_CLAIMED_TWICE, Severity.INFORMATION)] * 2
    assert all("in another project: a clash only if they run together" in f.message for f in findings)
    assert all(not f.fixes and len(f.message) <= 200 for f in findings)


def test_two_projects_of_one_folder_clash_as_the_tool_says() -> None:
    one, two = _starter("web"), claim(4200, service="angular admin", tool="angular", host="localhost",
                                       file="web/package.json", project="web")  # fmt: skip
    findings = [f for f in analyze([one, two], [], None, ROOT) if f.code == codes.PORT_CLAIMED_TWICE]
    assert {f.severity for f in findings} == {Severity.ERROR}
    assert all("the Angular CLI asks the second for a port, fails without a terminal" in f.message for f in findings)


def test_a_proxy_target_joins_the_backend_to_the_front_ends_stack() -> None:
    # The seed story's shape: Flask in backend/, hosting at the root, the front end's proxy to 5000.
    flask = claim(5000, file="backend/.flaskenv", project="backend")
    hosting = claim(5000, service="firebase hosting emulator", tool="firebase", host="localhost",
                    file="firebase.json", movable=True, explicit=False)  # fmt: skip
    assert _twice([flask, hosting]) == [
        ("backend/.flaskenv", Severity.INFORMATION), ("firebase.json", Severity.INFORMATION)
    ]  # fmt: skip
    proxy = claim(5000, service="angular web proxy /api", tool="angular", role=Role.CONNECT, host="localhost",
                  file="src/proxy.conf.json", target="http://localhost:5000")  # fmt: skip
    assert _twice([flask, hosting, proxy]) == [
        ("backend/.flaskenv", Severity.WARNING), ("firebase.json", Severity.WARNING)
    ]  # fmt: skip


def test_a_remote_proxy_target_joins_nothing() -> None:
    flask = claim(5000, file="backend/.flaskenv", project="backend")
    other = claim(5000, service="flask samples/app.py", file="samples/app.py", project="samples")
    remote = claim(5000, service="proxy", tool="angular", role=Role.CONNECT, host="api.example.com",
                   file="src/proxy.conf.json", target="https://api.example.com:5000")  # fmt: skip
    stacks = Stacks([flask, other, remote])
    assert not stacks.together(flask, other) and not stacks.together(flask, remote)


def test_without_a_project_a_claim_belongs_to_the_folder_of_its_file() -> None:
    bare = Claim("flask app.py", "flask", Role.LISTEN, "127.0.0.1", 5000, True,
                 Location(f"{ROOT}/api/app.py", Range.of(0, 0)), "test", Part.BACKEND)  # fmt: skip
    assert project_of(bare) == f"{ROOT}/api"
    neighbour = claim(5000, service="flask other", file="api/.flaskenv", project="api")
    assert Stacks([bare, neighbour]).together(bare, neighbour)
