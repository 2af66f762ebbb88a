"""gunicorn: `-b/--bind` (repeatable), `gunicorn.conf.py`'s `bind` (`-c` names another file), `GUNICORN_CMD_ARGS`,
and its default `0.0.0.0:$PORT` when `PORT` is set, else 127.0.0.1:8000."""

from __future__ import annotations

from ..base import DevServer, FileKind

NAME = "gunicorn"
_CLI = "portlint.tools.gunicorn.cli:read_gunicorn_args"
CONFIG_NAMES = ("gunicorn.conf.py", "gunicorn_config.py", "gunicorn.config.py", "gunicorn_conf.py")

TOOL = DevServer(
    name=NAME,
    files=(
        FileKind(
            "gunicorn-config",
            "portlint.tools.gunicorn.config_file:parse_gunicorn_config",
            names=CONFIG_NAMES,
            globs=tuple(f"**/{name}" for name in CONFIG_NAMES),
            telltale=("gunicorn.conf.py",),
        ),
    ),
    programs={"gunicorn": _CLI},
    python_modules={"gunicorn": _CLI},
    config_kind="gunicorn-config",
    resolve="portlint.tools.gunicorn.resolve:resolve",
    reads=("portlint.tools.gunicorn.facts:GunicornConfig",),
    environment=("GUNICORN_CMD_ARGS", "PORT"),
)
