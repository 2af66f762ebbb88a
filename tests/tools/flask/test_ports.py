"""Flask's port read as Flask reads it (issue 10, item 13): click's INT type, which is Python's `int()`;
an empty variable counts as unset; a port the shell computes at run time is never claimed as the default."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from portlint.check import check_workspace
from portlint.core.model import Claim
from portlint.tools.flask.resolve import flask_port

APP = "from flask import Flask\n\napp = Flask(__name__)\n"

TEXTS = ["5055", "5_055", "\uff15\uff10\uff15\uff15", " 5055 ", "+5055", "0", "65535", "65536", "-1", "0x13BF",
         "13BF", "5055.0", "", " ", "5__055", "_5055", "٥٠٥٥", "0o11677", "1e3"]  # fmt: skip


@pytest.mark.parametrize("text", TEXTS)
def test_a_port_is_what_clicks_int_type_makes_of_it(text: str) -> None:
    """click converts `--port` and FLASK_RUN_PORT with its INT type; Flask then binds that number."""
    try:
        clicked: int | None = click.INT.convert(text, None, None)
    except click.BadParameter:
        clicked = None
    expected = clicked if clicked is not None and 0 <= clicked <= 65535 else None
    assert flask_port(text) == expected


def flask_claims(root: Path) -> list[Claim]:
    report = check_workspace(str(root), live=False, environ={})
    return [c for c in report.claims if c.tool == "flask" and c.role.value == "listen"]


@pytest.mark.parametrize(("written", "port"), [("5_055", 5055), ("\uff15\uff10\uff15\uff15", 5055), (" 5055", 5055)])
def test_flaskenv_ports_flask_reads_with_int(tmp_path: Path, written: str, port: int) -> None:
    (tmp_path / "app.py").write_text(APP)
    (tmp_path / ".flaskenv").write_text(f"FLASK_RUN_PORT={written}\n", encoding="utf-8")
    (claim,) = flask_claims(tmp_path)
    assert (claim.port, claim.explicit) == (port, True)


def test_a_port_flask_refuses_is_no_claim_on_the_default(tmp_path: Path) -> None:
    """`FLASK_RUN_PORT=0x13BF`: "Error: Invalid value for '--port' / '-p': '0x13BF' is not a valid integer";
    Flask does not start, so nothing listens on 5000 either."""
    (tmp_path / "app.py").write_text(APP)
    (tmp_path / ".flaskenv").write_text("FLASK_RUN_PORT=0x13BF\n")
    assert flask_claims(tmp_path) == []


def test_an_empty_variable_is_unset_and_hides_the_files_below_it(tmp_path: Path) -> None:
    """Flask merges .flaskenv then .env into the environment; click reads the empty value as unset."""
    (tmp_path / "app.py").write_text(APP)
    (tmp_path / ".flaskenv").write_text("FLASK_RUN_PORT=5001\n")
    (tmp_path / ".env").write_text("FLASK_RUN_PORT=\n")
    (claim,) = flask_claims(tmp_path)
    assert (claim.port, claim.explicit) == (5000, False)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("Procfile", "web: flask run --port $PORT\n"),
        ("Makefile", "run:\n\tflask run --port $(PORT)\n"),  # from make's command line or the environment
        ("package.json", '{"scripts": {"api": "flask run -p \\"${PORT:-5055}\\""}}'),
        ("package.json", '{"scripts": {"api": "FLASK_RUN_PORT=$PORT flask run"}}'),
        ("Procfile", "web: export FLASK_RUN_PORT=$PORT && flask run\n"),
        ("Procfile", "web: sh -c 'FLASK_RUN_PORT=${PORT} flask run'\n"),
    ],
)
def test_a_port_the_shell_decides_is_not_claimed_as_the_default(tmp_path: Path, name: str, content: str) -> None:
    (tmp_path / "app.py").write_text(APP)
    (tmp_path / name).write_text(content)
    assert [claim.port for claim in flask_claims(tmp_path)] == []


def test_a_makefile_variable_is_expanded_where_the_makefile_sets_it(tmp_path: Path) -> None:
    """make expands its own variables before the shell runs the recipe: the claim points at `A = 5055`."""
    (tmp_path / "app.py").write_text(APP)
    (tmp_path / "Makefile").write_text("A = 5055\nrun:\n\tflask run --port $(A)\n")
    (claim,) = flask_claims(tmp_path)
    assert (claim.port, claim.location.file, claim.location.range.start.line) == (5055, str(tmp_path / "Makefile"), 0)


def test_a_literal_port_option_still_beats_a_computed_variable(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(APP)
    (tmp_path / "Procfile").write_text("web: FLASK_RUN_PORT=$PORT flask run --port 5055\n")
    (claim,) = flask_claims(tmp_path)
    assert (claim.port, claim.explicit) == (5055, True)
