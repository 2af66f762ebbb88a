"""load() and load_workspace(): safe reading, dispatch by kind, and the files that configs name."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from portlint.core.facts import DotenvFile, Fact, FileReference, Invocation, ParseResult, Token
from portlint.core.model import ZERO_RANGE, ConfigProblem, Location, Position, Range
from portlint.tools.angular.facts import AngularServe, ProxyTarget
from portlint.tools.firebase.facts import FirebaseEmulator
from portlint.tools.flask.facts import FlaskApp
from portlint.workspace.discover import MAX_CONFIG_BYTES, ConfigFile, discover
from portlint.workspace.files import load_workspace
from portlint.workspace.load import PARSERS, load

from .test_discover import run_unprivileged

# ---- stand-in parsers: record what load() hands over, or misbehave on purpose -------------------------

SEEN: list[tuple[object, ...]] = []


def recording_parser(*arguments: object) -> ParseResult:
    SEEN.append(arguments)
    return ParseResult()


def exploding_parser(path: str, text: str) -> ParseResult:
    raise RecursionError("maximum recursion depth exceeded")


def wrong_parser(path: str, text: str) -> object:
    return {"not": "a ParseResult"}


@pytest.fixture
def recorder(monkeypatch: pytest.MonkeyPatch) -> list[tuple[object, ...]]:
    SEEN.clear()
    for kind in PARSERS:
        monkeypatch.setitem(PARSERS, kind, (__name__, "recording_parser"))
    return SEEN


def write(path: Path, content: str | bytes) -> ConfigFile:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    kind = {"firebase.json": "firebase", ".env": "dotenv", "app.py": "python", "launch.json": "launch"}.get(
        path.name, "proxy"
    )
    return ConfigFile(str(path), kind)


def only_problem(result: ParseResult) -> ConfigProblem:
    assert result.facts == []
    assert len(result.problems) == 1
    return result.problems[0]


# ---- reading -----------------------------------------------------------------------------------------


def test_text_reaches_the_parser_without_bom(tmp_path: Path, recorder: list[tuple[object, ...]]) -> None:
    file = write(tmp_path / "firebase.json", "\ufeff{\r\n}\n".encode())
    assert load(file, str(tmp_path)) == ParseResult()
    assert recorder == [(file.path, "{\r\n}\n")]


def test_launch_parser_gets_the_workspace_folder(tmp_path: Path, recorder: list[tuple[object, ...]]) -> None:
    file = write(tmp_path / "app" / ".vscode" / "launch.json", "{}")
    load(file, str(tmp_path))
    assert recorder == [(file.path, "{}", str(tmp_path / "app"))]


def test_binary_proxy_config_is_a_problem(tmp_path: Path, recorder: list[tuple[object, ...]]) -> None:
    file = write(tmp_path / "proxy.conf.json", b'{"/api": \x00\x01\x02}')
    problem = only_problem(load(file, str(tmp_path)))
    assert problem.location == Location(file.path, ZERO_RANGE)
    assert problem.reason.startswith("binary file")
    assert recorder == []


def test_invalid_utf8_is_a_problem_at_the_bad_byte(tmp_path: Path, recorder: list[tuple[object, ...]]) -> None:
    file = write(tmp_path / "proxy.conf.json", b'{\n  "/\xc3\xa9\xf0\x9f\x98\x80": "\xff"\n}')
    problem = only_problem(load(file, str(tmp_path)))
    # line 1: two spaces, quote, slash, é (1 UTF-16 unit), 😀 (2 units), quote, colon, space, quote
    assert problem.location.range == Range(Position(1, 11), Position(1, 12))
    assert "not valid UTF-8" in problem.reason and "0xff" in problem.reason
    assert recorder == []


def test_python_files_without_flask_are_not_parsed(tmp_path: Path, recorder: list[tuple[object, ...]]) -> None:
    plain = write(tmp_path / "app.py", "print('hello')\n")
    assert load(plain, str(tmp_path)) == ParseResult()
    latin1 = write(tmp_path / "sub" / "app.py", b"from flask import Flask  # caf\xe9\n")
    assert load(latin1, str(tmp_path)) == ParseResult()  # candidates fail quietly
    assert recorder == []


def test_file_vanishing_after_discovery_is_skipped_quietly(tmp_path: Path, recorder: list[tuple[object, ...]]) -> None:
    write(tmp_path / "firebase.json", "{}")
    (file,) = discover(str(tmp_path)).files
    os.remove(file.path)
    assert load(file, str(tmp_path)) == ParseResult()
    assert recorder == []


def test_file_grown_past_the_limit_after_discovery_is_a_problem(
    tmp_path: Path, recorder: list[tuple[object, ...]]
) -> None:
    write(tmp_path / "firebase.json", "{}")
    (file,) = discover(str(tmp_path)).files
    Path(file.path).write_text(" " * (3 * MAX_CONFIG_BYTES))
    problem = only_problem(load(file, str(tmp_path)))
    assert problem.reason == "firebase.json is 3.1 MB; portlint reads config files up to 1 MiB"
    assert recorder == []


def test_unreadable_file_is_a_problem(open_tmp: Path, recorder: list[tuple[object, ...]]) -> None:
    file = write(open_tmp / "firebase.json", "{}")
    os.chmod(file.path, 0o600)
    problem = only_problem(run_unprivileged(lambda: load(file, str(open_tmp))))
    assert problem.location == Location(file.path, ZERO_RANGE)
    assert "permission denied" in problem.reason


def test_folder_named_like_a_config_is_a_problem(tmp_path: Path, recorder: list[tuple[object, ...]]) -> None:
    (tmp_path / "firebase.json").mkdir()
    problem = only_problem(load(ConfigFile(str(tmp_path / "firebase.json"), "firebase"), str(tmp_path)))
    assert problem.reason == "it is a folder, not a regular file; portlint reads only regular files"
    assert recorder == []


@pytest.mark.parametrize(
    ("parser", "expected"),
    [
        ((__name__, "exploding_parser"), "RecursionError: maximum recursion depth exceeded"),
        ((__name__, "wrong_parser"), "wrong_parser returned {'not': 'a ParseResult'}"),
        ((__name__, "no_such_parser"), "AttributeError"),
        (("portlint.configs.not_written_yet", "parse"), "ModuleNotFoundError"),
    ],
)
def test_parser_failures_become_problems(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parser: tuple[str, str], expected: str
) -> None:
    monkeypatch.setitem(PARSERS, "firebase", parser)
    file = write(tmp_path / "firebase.json", "{}")
    problem = only_problem(load(file, str(tmp_path)))
    assert problem.location == Location(file.path, ZERO_RANGE)
    assert problem.reason.startswith("internal error reading this file: ")
    assert expected in problem.reason


def test_unknown_kind_is_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "x.cfg"
    path.write_text("")
    assert "no parser" in only_problem(load(ConfigFile(str(path), "mystery"), str(tmp_path))).reason


# ---- dispatch to the real parsers (each case waits until its parser exists) ---------------------------

DISPATCH = [
    ("firebase", "firebase.json", '{"emulators": {"auth": {"port": 9199}}}', FirebaseEmulator),
    ("angular", "angular.json", '{"projects": {"web": {"architect": {"serve": {"options": {}}}}}}', AngularServe),
    ("proxy", "proxy.conf.json", '{"/api": {"target": "http://localhost:5000"}}', ProxyTarget),
    ("flask_source", "app.py", "from flask import Flask\napp = Flask(__name__)\n", FlaskApp),
    ("dotenv_file", ".flaskenv", "FLASK_RUN_PORT=5001\n", DotenvFile),
    (
        "launch",
        ".vscode/launch.json",
        '{"configurations": [{"name": "Flask", "type": "debugpy", "request": "launch", "module": "flask",'
        ' "args": ["run", "--port", "5001"]}]}',
        Invocation,
    ),
    ("commands", "package.json", '{"scripts": {"api": "flask run --port 5001"}}', Invocation),
    ("commands", "Makefile", "run:\n\tflask run --port 5001\n", Invocation),
    ("commands", "Procfile", "web: flask run --port 5001\n", Invocation),
]


@pytest.mark.parametrize(("module", "name", "text", "fact_type"), DISPATCH, ids=[case[1] for case in DISPATCH])
def test_dispatch_to_the_parser_of_each_kind(
    tmp_path: Path, module: str, name: str, text: str, fact_type: type[Fact]
) -> None:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    (file,) = discover(str(tmp_path)).files
    result = load(file, str(tmp_path))
    assert result.problems == []
    assert [type(fact) for fact in result.facts if isinstance(fact, fact_type)], result.facts


# ---- load_workspace with stand-in parsers: the files configs name -------------------------------------


def serve_naming(path: str, text: str) -> ParseResult:
    """An angular.json stand-in: each line `config=proxy/path` names a proxy config, as the real parser's
    `FileReference` facts do."""
    facts: list[Fact] = []
    for row, line in enumerate(text.splitlines()):
        name, _, proxy = line.partition("=")
        where = Location(path, Range.of(row, len(name) + 1, row, len(line)))
        candidate = os.path.normpath(os.path.join(os.path.dirname(path), proxy))
        facts.append(FileReference(path, (candidate,), "proxy", where, f"proxy config {proxy} does not exist"))
    return ParseResult(facts=facts)


def env_files_naming(path: str, text: str) -> ParseResult:
    """A Procfile stand-in: each line names an --env-file, relative to the file's folder."""
    folder = os.path.dirname(path)
    facts: list[Fact] = []
    for row, line in enumerate(text.splitlines()):
        where = Location(path, Range.of(row, 0, row, 5))
        env_file = os.path.join(folder, line)
        facts.append(Invocation("flask", path, where, f"line {row}", folder, env_files=(env_file,)))
    return ParseResult(facts=facts)


def proxy_seen(path: str, text: str) -> ParseResult:
    where = Location(path, ZERO_RANGE)
    return ParseResult(facts=[ProxyTarget(path, text, Token(text, where), "http", "localhost", 1, where, True)])


def dotenv_seen(path: str, text: str) -> ParseResult:
    return ParseResult(facts=[DotenvFile(path, {})])


@pytest.fixture
def stand_ins(monkeypatch: pytest.MonkeyPatch) -> None:
    for kind, function in [
        ("angular", "serve_naming"),
        ("procfile", "env_files_naming"),
        ("proxy", "proxy_seen"),
        ("dotenv", "dotenv_seen"),
    ]:
        monkeypatch.setitem(PARSERS, kind, (__name__, function))


def test_load_workspace_loads_named_proxy_configs_once(tmp_path: Path, stand_ins: None) -> None:
    (tmp_path / "web" / "config").mkdir(parents=True)
    (tmp_path / "web" / "config" / "routes.json").write_text("odd name")
    (tmp_path / "web" / "proxy.conf.json").write_text("usual name")
    (tmp_path / "web" / "angular.json").write_text(
        "dev=config/routes.json\nalso=./config/../config/routes.json\nusual=proxy.conf.json\ngone=missing.json"
    )
    facts, problems = load_workspace(str(tmp_path))
    proxies = sorted((fact.file, fact.context) for fact in facts if isinstance(fact, ProxyTarget))
    assert proxies == [
        (str(tmp_path / "web" / "config" / "routes.json"), "odd name"),
        (str(tmp_path / "web" / "proxy.conf.json"), "usual name"),
    ]
    angular = str(tmp_path / "web" / "angular.json")
    assert problems == [
        ConfigProblem(Location(angular, Range.of(3, 5, 3, 17)), "proxy config missing.json does not exist")
    ]


def test_load_workspace_loads_env_files_named_by_invocations(tmp_path: Path, stand_ins: None) -> None:
    (tmp_path / ".env").write_text("")
    (tmp_path / ".env.dev").write_text("")
    (tmp_path / "Procfile").write_text(".env.dev\n.env\n.env.dev\nnope.env\n")
    facts, problems = load_workspace(str(tmp_path))
    dotenv_paths = sorted(fact.path for fact in facts if isinstance(fact, DotenvFile))
    assert dotenv_paths == [str(tmp_path / ".env"), str(tmp_path / ".env.dev")]  # each once
    procfile = str(tmp_path / "Procfile")
    assert problems == [ConfigProblem(Location(procfile, Range.of(3, 0, 3, 5)), "env file nope.env does not exist")]


def test_load_workspace_keeps_discovery_problems_and_survives_garbage(tmp_path: Path) -> None:
    (tmp_path / "firebase.json").write_bytes(b"\x00" * 10)
    (tmp_path / "angular.json").write_bytes(b"\xff{")
    (tmp_path / "proxy.conf.json").write_text(" " * (MAX_CONFIG_BYTES + 1))
    (tmp_path / "app.py").write_bytes(b"Flask(" * 1000)
    _, problems = load_workspace(str(tmp_path))
    by_file = {os.path.basename(problem.location.file): problem.reason for problem in problems}
    assert by_file["firebase.json"].startswith("binary file")
    assert "not valid UTF-8" in by_file["angular.json"]
    assert "up to 1 MiB" in by_file["proxy.conf.json"]
    assert all(
        not reason.startswith("internal error") or "ModuleNotFoundError" in reason for reason in by_file.values()
    )


def test_load_workspace_loads_a_proxy_config_named_by_a_real_angular_json(tmp_path: Path) -> None:
    (tmp_path / "web" / "config").mkdir(parents=True)
    (tmp_path / "web" / "config" / "backend.json").write_text('{"/api": {"target": "http://localhost:5001"}}')
    (tmp_path / "web" / "angular.json").write_text(
        '{"projects": {"web": {"architect": {"serve": {"options": {"proxyConfig": "config/backend.json"}}}}}}'
    )
    facts, problems = load_workspace(str(tmp_path))
    assert problems == []
    assert [(fact.file, fact.port) for fact in facts if isinstance(fact, ProxyTarget)] == [
        (str(tmp_path / "web" / "config" / "backend.json"), 5001)
    ]


def test_load_workspace_loads_an_env_file_named_by_a_real_procfile(tmp_path: Path) -> None:
    (tmp_path / ".env.dev").write_text("FLASK_RUN_PORT=5001\n")
    # --env-file is an option of the `flask` group, before `run`
    (tmp_path / "Procfile").write_text("api: flask --env-file .env.dev run\n")
    invocations = load(ConfigFile(str(tmp_path / "Procfile"), "procfile"), str(tmp_path)).facts
    assert any(isinstance(fact, Invocation) and fact.env_files for fact in invocations)
    facts, problems = load_workspace(str(tmp_path))
    assert problems == []
    assert [fact.path for fact in facts if isinstance(fact, DotenvFile)] == [str(tmp_path / ".env.dev")]


def test_a_named_file_created_later_is_read_as_the_kind_its_reference_names(tmp_path: Path) -> None:
    """`flask --env-file .env.api run`: no discovery rule knows `.env.api`; before it exists its path is only
    a reference, once it appears an update reads it as the env file the command names."""
    from portlint.workspace.files import WorkspaceFiles

    (tmp_path / "Procfile").write_text("web: flask --app app --env-file .env.api run\n")
    files = WorkspaceFiles(str(tmp_path))
    files.scan()
    assert any(".env.api does not exist" in p.reason for p in files.problems())
    created = tmp_path / ".env.api"
    created.write_text("FLASK_RUN_PORT=5057\n")
    assert files.is_config(str(created))
    assert files.update(str(created))
    assert [file.kind for file, _ in files.results.values() if file.path == str(created)] == ["dotenv"]
    assert not any("does not exist" in p.reason for p in files.problems())
