"""Flask: `flask run` (click options, `FLASK_RUN_*`, `.flaskenv`/`.env`) and `python app.py` reaching `app.run()`."""

from __future__ import annotations

from ..base import DevServer, FileKind

NAME = "flask"
_CLI = "portlint.tools.flask.cli:read_flask_args"

TOOL = DevServer(
    name=NAME,
    files=(
        FileKind(
            "python",
            "portlint.tools.flask.python_file:parse_python_file",
            suffix=".py",
            globs=("**/*.py",),
            telltale=("app.py", "wsgi.py"),
            quiet=True,
            needs_bytes=(b"lask",),  # neither Flask nor flask (a blueprint module): not worth decoding
        ),
    ),
    programs={"flask": _CLI},
    python_modules={"flask": _CLI},
    resolve="portlint.tools.flask.resolve:resolve",
    checks="portlint.tools.flask.cors_checks:cors_findings",
    environment=("FLASK_RUN_PORT", "FLASK_RUN_HOST", "FLASK_APP"),
)
