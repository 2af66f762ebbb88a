"""Flask: `flask run` (click options, `FLASK_RUN_*`, `.flaskenv`/`.env`) and `python app.py` reaching `app.run()`."""

from __future__ import annotations

from ..base import DevServer, FileKind

NAME = "flask"
_CLI = "portlint.tools.flask.cli:read_flask_args"


def is_dockerfile_name(name: str) -> bool:
    """`Dockerfile`, `Dockerfile.app`, `api.Dockerfile` (here, not in wsgi.py: discovery loads no parser)."""
    return name == "Dockerfile" or name.startswith("Dockerfile.") or name.endswith((".Dockerfile", ".dockerfile"))


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
            # Worth decoding: Flask / flask, a runner (`app.run(`, `create_app().run(`), a constant a runner
            # may read (`PORT = ...`), a Cloud Function. Anything else (most modules) is skipped unread.
            needs_bytes=(b"lask", b".run(", b"PORT", b"HOST", b"functions_", b"_functions"),
        ),
        FileKind(
            "dockerfile",
            "portlint.tools.flask.wsgi:parse_dockerfile",
            matches=is_dockerfile_name,
            globs=("**/Dockerfile", "**/Dockerfile.*", "**/*.Dockerfile"),
            quiet=True,
            needs_bytes=(b"gunicorn", b"uwsgi", b"waitress"),
            examples=("Dockerfile", "docker/Dockerfile.app"),
        ),
        FileKind(
            "appengine",
            "portlint.tools.flask.appengine:parse_app_yaml",
            names=("app.yaml",),
            globs=("**/app.yaml",),
            quiet=True,
            needs_bytes=(b"runtime",),
        ),
    ),
    programs={"flask": _CLI},
    python_modules={"flask": _CLI},
    resolve="portlint.tools.flask.resolve:resolve",
    checks="portlint.tools.flask.checks:flask_findings",
    cors="portlint.tools.flask.cors:flask_cors_routes",
    reads=(
        "portlint.tools.flask.facts:FlaskApp",
        "portlint.tools.flask.facts:PythonConstants",
        "portlint.tools.flask.facts:CloudFunctionModule",
        "portlint.tools.flask.appengine:AppEngineApp",
        "portlint.tools.flask.wsgi:WsgiServed",
        "portlint.tools.flask.cors_facts:CorsModule",
        "portlint.core.facts:DotenvFile",  # a .flaskenv alone: `flask run` typed in a terminal there
        # A proxy or hosting rule that adds CORS headers in front of the app (checks.py)
        "portlint.tools.nginx.facts:NginxProxy",
        "portlint.tools.firebase.facts:HostingHeaderRule",
        "portlint.tools.firebase.facts:HostingFunctionRewrite",
        "portlint.tools.firebase.facts:FunctionExports",
    ),
    environment=("FLASK_RUN_PORT", "FLASK_RUN_HOST", "FLASK_APP"),
)
