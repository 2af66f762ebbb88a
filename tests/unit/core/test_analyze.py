"""The analysis core on snapshots given as data (macOS shapes recorded from real machines)."""

from __future__ import annotations

from msgspec.structs import replace

from portlint.core import codes
from portlint.core.analyze import analyze
from portlint.core.model import Finding, Location, Range, Role, Settings, Severity, TextEdit

from .builders import AIRPLAY, FLASK, ROOT, claim, listener, process, snapshot

PROXY = claim(
    5000,
    service="angular web proxy /api",
    tool="angular",
    role=Role.CONNECT,
    host="localhost",
    file="src/proxy.conf.json",
    line=3,
    target="http://localhost:5000",
)


LOCALHOST = codes.LOCALHOST_RESOLVES_ELSEWHERE


def only(findings: list[Finding], code: str) -> list[Finding]:
    return [f for f in findings if f.code == code]


def test_airplay_on_the_flask_port_is_a_foreign_holder_with_the_way_out() -> None:
    snap = snapshot(listener("0.0.0.0", 5000, AIRPLAY), listener("::", 5000, AIRPLAY))
    findings = analyze([claim(5000)], [], snap, ROOT)
    (held,) = only(findings, codes.PORT_HELD_BY_FOREIGN_PROCESS)
    assert held.severity is Severity.ERROR
    assert held.port == 5000
    assert "ControlCenter (pid 412)" in held.message
    assert "AirPlay Receiver" in held.message
    # The details are in the related information: who exactly, on which addresses (one note per holder).
    notes = [r.message for r in held.related]
    assert "Held by ControlCenter (pid 412, user dev), macOS's AirPlay Receiver, on 0.0.0.0:5000, [::]:5000" in notes
    assert any("System Settings → General → AirDrop & Handoff" in note for note in notes)
    assert held.location.file == f"{ROOT}/backend/.flaskenv"
    assert held.fixes and "AirPlay" in held.fixes[0].title
    # One process on both families is not a split.
    assert not only(findings, codes.PORT_SPLIT_BETWEEN_LISTENERS)


def test_a_default_that_moves_by_itself_is_only_a_warning() -> None:
    hosting = claim(5000, service="firebase hosting emulator", tool="firebase", host="localhost", movable=True)
    snap = snapshot(listener("0.0.0.0", 5000, AIRPLAY))
    (held,) = only(analyze([hosting], [], snap, ROOT), codes.PORT_HELD_BY_FOREIGN_PROCESS)
    assert held.severity is Severity.WARNING
    assert "another port" in held.message


def test_our_own_server_on_its_port_is_fine() -> None:
    snap = snapshot(listener("127.0.0.1", 5000, FLASK))
    assert analyze([claim(5000)], [], snap, ROOT) == []


def test_localhost_reaching_airplay_on_ipv6_while_flask_is_on_ipv4() -> None:
    snap = snapshot(listener("127.0.0.1", 5000, FLASK), listener("::1", 5000, AIRPLAY))
    findings = analyze([claim(5000), PROXY], [], snap, ROOT)
    (wrong,) = only(findings, codes.LOCALHOST_RESOLVES_ELSEWHERE)
    assert wrong.location == PROXY.location
    assert wrong.severity is Severity.ERROR
    assert "resolves first to ::1" in wrong.message
    assert "127.0.0.1:5000" in wrong.message
    assert "http://127.0.0.1:5000" in wrong.message
    assert claim(5000).location in [r.location for r in wrong.related]  # the backend it means
    (split,) = only(findings, codes.PORT_SPLIT_BETWEEN_LISTENERS)
    assert split.location == claim(5000).location
    assert "between python3 (pid 900), ControlCenter (pid 412)" in split.message and "…" not in split.message


def test_the_way_out_of_localhost_resolving_elsewhere_is_a_fix_where_the_host_is_known() -> None:
    """The way out as an edit, "Target http://127.0.0.1:5000", where the reader located the host exactly."""
    snap = snapshot(listener("127.0.0.1", 5000, FLASK), listener("::1", 5000, AIRPLAY))
    host = Location(PROXY.location.file, Range.of(3, 19, 3, 28))
    (wrong,) = only(analyze([claim(5000), replace(PROXY, host_location=host)], [], snap, ROOT), LOCALHOST)
    target, airplay = wrong.fixes  # AirPlay's advice (port 5000) after the edit
    assert (target.title, target.preferred) == ("Target http://127.0.0.1:5000", True)
    assert target.edits == (TextEdit(host.file, host.range, "127.0.0.1"),) and not airplay.edits
    (unlocated,) = only(analyze([claim(5000), PROXY], [], snap, ROOT), LOCALHOST)
    assert all(not fix.edits for fix in unlocated.fixes)  # the AirPlay advice only


def test_a_fix_to_an_ipv6_backend_writes_the_address_in_brackets() -> None:
    ours = listener("::1", 5000, FLASK)
    snap = snapshot(ours, listener("127.0.0.1", 5000, AIRPLAY), localhost_order=("127.0.0.1", "::1"))
    host = Location(PROXY.location.file, Range.of(3, 19, 3, 28))
    (wrong,) = only(analyze([replace(PROXY, host_location=host)], [], snap, ROOT), LOCALHOST)
    assert wrong.fixes[0].title == "Target http://[::1]:5000" and wrong.fixes[0].edits[0].new_text == "[::1]"


def test_localhost_resolving_to_ipv4_first_reaches_flask() -> None:
    snap = snapshot(
        listener("127.0.0.1", 5000, FLASK),
        listener("::1", 5000, AIRPLAY),
        localhost_order=("127.0.0.1", "::1"),
    )
    findings = analyze([claim(5000), PROXY], [], snap, ROOT)
    assert not only(findings, codes.LOCALHOST_RESOLVES_ELSEWHERE)
    assert not [f for f in findings if f.location == PROXY.location and f.code == codes.PORT_HELD_BY_FOREIGN_PROCESS]


def test_a_proxy_that_reaches_only_a_foreign_process() -> None:
    snap = snapshot(listener("0.0.0.0", 5000, AIRPLAY), listener("::", 5000, AIRPLAY))
    findings = analyze([PROXY], [], snap, ROOT)
    (held,) = only(findings, codes.PORT_HELD_BY_FOREIGN_PROCESS)
    assert held.location == PROXY.location
    assert "reaches ControlCenter" in held.message


def test_a_proxy_to_an_address_meets_only_the_process_there_so_no_split() -> None:
    """127.0.0.1:5000 always reaches Flask, whoever holds [::1]:5000 (the Vite + Flask end-to-end scenario after
    its edit): the backend's own claim is split by family, the proxy's target is not."""
    snap = snapshot(listener("127.0.0.1", 5000, FLASK), listener("::1", 5000, AIRPLAY))
    literal = replace(PROXY, host="127.0.0.1", target="http://127.0.0.1:5000")
    findings = analyze([claim(5000), literal], [], snap, ROOT)
    assert [f for f in findings if f.location == literal.location] == []
    (split,) = only(findings, codes.PORT_SPLIT_BETWEEN_LISTENERS)
    assert split.location == claim(5000).location


def test_a_proxy_reaching_two_processes_on_one_socket_is_split() -> None:
    other = process(901, "python3", cwd="/tmp", cmdline=("python3", "serve.py"))
    snap = snapshot(listener("127.0.0.1", 5000, FLASK), listener("127.0.0.1", 5000, other))
    literal = replace(PROXY, host="127.0.0.1", target="http://127.0.0.1:5000")
    (split,) = only(analyze([literal], [], snap, ROOT), codes.PORT_SPLIT_BETWEEN_LISTENERS)
    assert split.location == literal.location and split.severity is Severity.ERROR


def test_a_remote_proxy_target_is_never_split_by_local_listeners() -> None:
    other = process(901, "python3", cwd="/tmp", cmdline=("python3", "serve.py"))
    snap = snapshot(listener("127.0.0.1", 5000, FLASK), listener("::1", 5000, other))
    remote = replace(PROXY, host="api.example.com", target="http://api.example.com:5000")
    assert analyze([remote], [], snap, ROOT) == []


def test_reuseport_split_between_two_processes_on_one_address() -> None:
    other = process(901, "python3", cwd="/tmp", cmdline=("python3", "serve.py"))
    snap = snapshot(listener("127.0.0.1", 5000, FLASK), listener("127.0.0.1", 5000, other))
    (split,) = only(analyze([claim(5000)], [], snap, ROOT), codes.PORT_SPLIT_BETWEEN_LISTENERS)
    assert split.severity is Severity.ERROR
    assert "pid 900" in split.message and "pid 901" in split.message


def test_the_werkzeug_reloader_sharing_its_socket_is_not_a_split() -> None:
    parent = process(900, "python3", cwd=f"{ROOT}/backend", ppid=1)
    child = process(950, "python3", cwd=f"{ROOT}/backend", ppid=900)
    snap = snapshot(listener("127.0.0.1", 5000, parent), listener("127.0.0.1", 5000, child))
    assert analyze([claim(5000)], [], snap, ROOT) == []


def test_docker_proxy_names_the_container_address() -> None:
    docker = process(
        77,
        "docker-proxy",
        cmdline=(
            "/usr/bin/docker-proxy",
            "-proto",
            "tcp",
            "-host-ip",
            "0.0.0.0",
            "-host-port",
            "4200",
            "-container-ip",
            "172.17.0.2",
            "-container-port",
            "80",
        ),
    )
    angular = claim(4200, service="angular web dev server", tool="angular", host="localhost")
    snap = snapshot(listener("0.0.0.0", 4200, docker), localhost_order=("127.0.0.1", "::1"))
    (held,) = only(analyze([angular], [], snap, ROOT), codes.PORT_HELD_BY_FOREIGN_PROCESS)
    assert "Docker container" in held.message
    notes = " ".join(r.message for r in held.related)
    assert "172.17.0.2:80" in notes
    assert "docker ps --filter publish=4200" in notes


def test_one_port_claimed_by_flask_and_firebase_hosting_default() -> None:
    flask = claim(5000)
    hosting = claim(
        5000,
        service="firebase hosting emulator",
        tool="firebase",
        host="localhost",
        file="firebase.json",
        movable=True,
        explicit=False,
    )
    twice = only(analyze([flask, hosting], [], None, ROOT), codes.PORT_CLAIMED_TWICE)
    assert {f.location for f in twice} == {flask.location, hosting.location}
    assert all(f.severity is Severity.WARNING for f in twice)
    assert {r.location for f in twice for r in f.related} == {flask.location, hosting.location}
    # The words come from the claim that moves, not from a tool the check knows.
    assert all("firebase-tools moves firebase hosting emulator up if it starts second" in f.message for f in twice)


def test_two_fixed_claims_on_one_port_are_an_error_but_alternatives_of_one_service_are_not() -> None:
    a = claim(5000)
    b = claim(5000, service="angular web dev server", tool="angular", host="0.0.0.0", file="angular.json")
    same_service = claim(5000, line=7)
    findings = analyze([a, b, same_service], [], None, ROOT)
    twice = only(findings, codes.PORT_CLAIMED_TWICE)
    assert twice and all(f.severity is Severity.ERROR for f in twice)
    assert analyze([a, same_service], [], None, ROOT) == []
    assert all("the second to start fails: 'address already in use'" in f.message for f in twice)


def test_two_angular_dev_servers_on_one_port_say_what_the_angular_cli_does() -> None:
    one = claim(4200, service="angular a", tool="angular", host="localhost", file="a/angular.json")
    two = claim(4200, service="angular b", tool="angular", host="localhost", file="b/angular.json")
    twice = only(analyze([one, two], [], None, ROOT), codes.PORT_CLAIMED_TWICE)
    assert len(twice) == 2
    assert all("the Angular CLI asks the second for a port, fails without a terminal" in f.message for f in twice)


def test_proxy_target_mismatch_offers_the_backend_port() -> None:
    target = claim(
        5001,
        service="angular web proxy /api",
        tool="angular",
        role=Role.CONNECT,
        host="localhost",
        file="src/proxy.conf.json",
        target="http://localhost:5001",
    )
    (mismatch,) = only(analyze([claim(5000), target], [], None, ROOT), codes.PROXY_TARGET_MISMATCH)
    assert "5001" in mismatch.message and "5000" in mismatch.message
    (fix,) = mismatch.fixes
    assert fix.preferred and fix.edits[0].new_text == "5000"
    assert fix.edits[0].range == target.location.range


def test_browser_restricted_port() -> None:
    (restricted,) = analyze([claim(6000)], [], None, ROOT)
    assert restricted.code == codes.BROWSER_RESTRICTED_PORT
    assert "ERR_UNSAFE_PORT" in restricted.message


def test_settings_ignore_ports_and_change_severities() -> None:
    snap = snapshot(listener("0.0.0.0", 5000, AIRPLAY))
    assert analyze([claim(5000)], [], snap, ROOT, Settings(ignored_ports=frozenset({5000}))) == []
    assert analyze([claim(5000)], [], snap, ROOT, Settings(never_foreign=frozenset({"ControlCenter"}))) == []
    (held,) = analyze(
        [claim(5000)], [], snap, ROOT, Settings(severities={codes.PORT_HELD_BY_FOREIGN_PROCESS: Severity.HINT})
    )
    assert held.severity is Severity.HINT
    off = Settings(severities={codes.PORT_HELD_BY_FOREIGN_PROCESS: None})
    assert analyze([claim(5000)], [], snap, ROOT, off) == []


def test_an_owner_portlint_cannot_see_is_still_foreign() -> None:
    snap = snapshot(listener("0.0.0.0", 5000, None))
    (held,) = analyze([claim(5000)], [], snap, ROOT)
    assert "may not see" in held.message


def test_a_tool_can_vouch_for_a_holder_of_its_port() -> None:
    """A compose file publishing 8080 makes the `docker-proxy` on 8080 this workspace's own: no finding."""
    proxy = process(77, "docker-proxy", cmdline=("docker-proxy", "-host-port", "8080"))
    snap = snapshot(listener("0.0.0.0", 8080, proxy))
    api = claim(8080, host="0.0.0.0")
    (held,) = only(analyze([api], [], snap, ROOT), codes.PORT_HELD_BY_FOREIGN_PROCESS)
    assert "docker-proxy" in held.message
    vouched = replace(api, ours_when_held_by=frozenset({"docker-proxy"}))
    assert analyze([vouched], [], snap, ROOT) == []
