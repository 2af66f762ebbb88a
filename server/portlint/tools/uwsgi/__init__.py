"""uWSGI: the sockets of `uwsgi.ini`'s `[uwsgi]` section (`http`, `http-socket`, `https`, `socket`,
`uwsgi-socket`) and of the `uwsgi` command line (`--http :5000`, `--ini FILE`)."""

from __future__ import annotations

from ..base import DevServer, FileKind

NAME = "uwsgi"


def is_uwsgi_ini(name: str) -> bool:
    """`uwsgi.ini`, `uwsgi.dev.ini`, `app_uwsgi.ini`: an .ini whose name says uwsgi."""
    return name.endswith(".ini") and "uwsgi" in name.lower()


TOOL = DevServer(
    name=NAME,
    files=(
        FileKind(
            "uwsgi-ini",
            "portlint.tools.uwsgi.ini_file:parse_uwsgi_ini",
            matches=is_uwsgi_ini,
            globs=("**/*uwsgi*.ini",),
            examples=("uwsgi.ini", "deploy/app_uwsgi.ini"),
        ),
    ),
    programs={"uwsgi": "portlint.tools.uwsgi.cli:read_uwsgi_args"},
    config_kind="uwsgi-ini",
    resolve="portlint.tools.uwsgi.resolve:resolve",
    reads=("portlint.tools.uwsgi.facts:UwsgiIni",),
)
