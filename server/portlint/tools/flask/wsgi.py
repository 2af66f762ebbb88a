"""Dockerfiles that serve a Flask app with a WSGI server (gunicorn, uWSGI, waitress): `CMD gunicorn -b
0.0.0.0:8000 wsgi:app`. That app runs in a container, not as a local dev server, so it gets no `flask run`
typed in a terminal (issue 11, item 2). Only CMD and ENTRYPOINT are read, in shell or JSON form.
"""

from __future__ import annotations

import json
import re
import shlex

from msgspec import Struct

from ...core.facts import ParseResult

_INSTRUCTION = re.compile(r"^[ \t]*(CMD|ENTRYPOINT)[ \t]+(.*)$", re.IGNORECASE)
_TARGET = re.compile(r"^(?P<module>[A-Za-z_][\w.]*)(?::(?P<variable>[A-Za-z_]\w*)(?:\(.*\))?)?$")
_SERVERS = frozenset({"gunicorn", "uwsgi", "waitress-serve"})
# Options whose value is never the app: `--bind localhost:8000`, `--config gunicorn.conf.py`.
_VALUED = frozenset(
    {"-b", "--bind", "--socket", "--http", "--http-socket", "-s", "--listen", "--port", "--host", "-c", "--config",
     "-k", "--worker-class", "-w", "--workers", "--threads", "-t", "--timeout", "--chdir", "--pythonpath",
     "--log-level", "--access-logfile", "--error-logfile", "--log-config", "--name", "-n", "--user", "--group"}
)  # fmt: skip
_UWSGI_APP = frozenset({"--module", "-w", "--wsgi"})


class WsgiServed(Struct, frozen=True):
    """A module a WSGI server serves from a Dockerfile: `wsgi:app` (module "wsgi", variable "app"), or a
    file (`uwsgi --wsgi-file app.py`)."""

    file: str  # the Dockerfile
    module: str | None = None
    variable: str | None = None
    path: str | None = None  # relative to the Dockerfile's folder


def parse_dockerfile(path: str, text: str) -> ParseResult:
    facts: list[object] = []
    for line in _logical_lines(text):
        match = _INSTRUCTION.match(line)
        if match is None:
            continue
        words = _words(match.group(2))
        served = _served(path, words) if words is not None else None
        if served is not None:
            facts.append(served)
    return ParseResult(facts=facts)


def _logical_lines(text: str) -> list[str]:
    """Lines with backslash continuations joined, as Docker reads them."""
    return re.sub(r"\\[ \t]*\r?\n", " ", text).splitlines()


def _words(argument: str) -> list[str] | None:
    """The exec form (`["gunicorn", "wsgi:app"]`) or the shell form, split as a shell would."""
    stripped = argument.strip()
    try:
        if stripped.startswith("["):
            value = json.loads(stripped)
            return [w for w in value if isinstance(w, str)] if isinstance(value, list) else None
        return shlex.split(stripped, comments=True)
    except ValueError:
        return None


def _served(path: str, words: list[str]) -> WsgiServed | None:
    """The app the first WSGI server of the command serves, if any."""
    for index, word in enumerate(words):
        program = word.rsplit("/", 1)[-1]
        if program in _SERVERS:
            return _target(path, words[index + 1 :], uwsgi=program == "uwsgi")
    return None


def _target(path: str, args: list[str], uwsgi: bool) -> WsgiServed | None:
    skip = False
    for index, arg in enumerate(args):
        option, _, inline = arg.partition("=")
        if skip:
            skip = False
            continue
        if uwsgi and option in _UWSGI_APP | {"--wsgi-file", "--file"}:
            value = inline or (args[index + 1] if index + 1 < len(args) else "")
            if option in ("--wsgi-file", "--file"):
                return WsgiServed(path, path=value)
            return _module(path, value)
        if arg.startswith("-"):
            skip = option in _VALUED and not inline
            continue
        found = _module(path, arg) if not uwsgi else None
        if found is not None:  # else an option's value (`--workers 2`): read on
            return found
    return None


def _module(path: str, target: str) -> WsgiServed | None:
    match = _TARGET.match(target.strip("'\""))
    if match is None:
        return None
    return WsgiServed(path, module=match.group("module"), variable=match.group("variable"))
