"""Command lines that start dev servers: package.json scripts, Makefile recipes, Procfile processes, shell
scripts.

Each line is split like a shell would (`shell_words`), chains (`&&`, `;`, `|`, subshells, `concurrently
"..." "..."`, `sh -c "..."`) are followed (`command_line`), and every `flask run`, `ng serve` and `firebase
emulators:start` / `firebase serve` becomes an `Invocation` with its options read the way Flask (click),
the Angular CLI and firebase-tools read them. Tokens point at the characters in the file, through quotes
and JSON escapes (`command_site`). A value that needs the shell (`$PORT`) gives no token: only run time knows it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator

from msgspec.structs import replace

from ..core.facts import Fact, Invocation, ParseResult, Token
from ..registry import package_field_readers
from ..tools.base import load_function
from .command_line import CommandReader
from .command_site import CommandFile, CommandSite
from .jsonc import parse_jsonc
from .make_variables import MakeVariables, read_make_variables
from .shell_words import MappedText


def parse_package_json(path: str, text: str) -> ParseResult:
    """Every dev server started by a script in package.json (cwd: the package.json's folder), and the
    top-level fields tools read (the registry's `package_fields`)."""
    source = CommandFile(path, text)
    root, problems = parse_jsonc(path, source.text)
    scripts = root.get("scripts") if root is not None else None
    folder = os.path.dirname(path)
    facts: list[Fact] = []
    for name, script in scripts.members() if scripts is not None else ():
        if script.kind == "string":
            site = CommandSite(source, f'package.json script "{name}"', f"{path}#scripts.{name}")
            facts += CommandReader(site).line(source.json_string(script), folder)
    for field_name, spec in package_field_readers().items():
        node = root.get(field_name) if root is not None else None
        if node is not None:
            read: ParseResult = load_function(spec)(path, node)
            facts += read.facts
            problems += read.problems
    return ParseResult(facts=facts, problems=problems)


# The command runs to the end of the line; its trailing blanks are cut in code, not by a lazy `.*?` before
# `[ \t]*$`, which retries the run of blanks at every character (a line with 120,000 blanks took 42 s).
_PROCESS = re.compile(r"^([A-Za-z0-9_-]+)[ \t]*:[ \t]*(\S.*)$", re.MULTILINE)


# foreman, honcho and `heroku local` give each process type its own `PORT`: the base port, plus 100 for each
# type before it (the base is 5000 unless `-p`, a `PORT` in `.env` or in the shell says otherwise).
PROCFILE_BASE_PORT = 5000
PROCFILE_PORT_STEP = 100


def parse_procfile(path: str, text: str) -> ParseResult:
    """`name: command` lines, as foreman / honcho run them (through a shell, in the Procfile's folder, with
    `PORT` set per process type)."""
    source = CommandFile(path, text)
    folder = os.path.dirname(path)
    facts: list[Fact] = []
    for index, match in enumerate(_PROCESS.finditer(text)):
        site = CommandSite(source, f'Procfile process "{match.group(1)}"', path)
        command = match.group(2).rstrip(" \t\r")
        offset = PROCFILE_PORT_STEP * index
        port = Token(str(PROCFILE_BASE_PORT + offset), source.location(*match.span(1)))
        for found in CommandReader(site).line(MappedText.plain(command, match.start(2)), folder, {"PORT": port}):
            # Not replaced by `PORT=8000 gunicorn ...` (a port a program names, `ServerPort`, has no environment).
            if isinstance(found, Invocation) and found.env.get("PORT") is port:
                found = replace(found, set_by_runner=("PORT",), runner_port_offset=offset)
            facts.append(found)
    return ParseResult(facts=facts)


def parse_shell_script(path: str, text: str) -> ParseResult:
    """A shell script (`*.sh`, `*.bash`) read as one command list: lines, `&&`, subshells; a `cd` or `export`
    holds for the lines after it. It runs from the script's folder (the usual `./run.sh`)."""
    source = CommandFile(path, text)
    site = CommandSite(source, f"script {os.path.basename(path)}")
    return ParseResult(facts=list(CommandReader(site).line(MappedText.plain(source.text.text), os.path.dirname(path))))


_MAKE_ASSIGNMENT = re.compile(r"^\s*(?:(?:export|override|private)\s+)*[^\s:#=]+\s*(?:::=|:::=|:=|\?=|\+=|!=|=)")
_MAKE_RULE = re.compile(r"^([^\s:#=][^:#=]*)::?(?!=)(.*)$")  # no lazy `*?` before `\s*`: see _PROCESS
_MAKE_DIRECTIVE = re.compile(r"^\s*(?:ifn?eq|ifn?def|else|endif|-?include|sinclude|vpath|unexport|undefine)\b")


def parse_makefile(path: str, text: str) -> ParseResult:
    """Recipe lines of each target, with the Makefile's variables expanded; make runs each line in its own
    shell, in the Makefile's folder, with the variables it exports in the environment."""
    source = CommandFile(path, text)
    folder = os.path.dirname(path)
    facts: list[Fact] = []
    target: str | None = None
    in_define = False
    lines = list(_logical_lines(text))
    variables = read_make_variables(lines)
    env = _exported(variables, source)
    for start, line in lines:
        if in_define:
            in_define = not re.match(r"^\s*endef\b", line)
            continue
        if line.startswith("\t"):
            if target is not None:
                recipe = variables.expand(_recipe(line[1:], start + 1))
                site = CommandSite(source, f'Makefile target "{target}"', f"{path}#{target}")
                facts += CommandReader(site).line(recipe, folder, env)
            continue
        code = line.split("#", 1)[0]
        if not code.strip():
            continue  # blank lines and comments do not end a rule
        if re.match(r"^\s*define\b", code):
            in_define, target = True, None
        elif _MAKE_ASSIGNMENT.match(code):
            target = None
        elif _MAKE_DIRECTIVE.match(code):
            pass  # both branches of a conditional are read: which one make takes is not known here
        elif (rule := _MAKE_RULE.match(code)) is not None:
            names = rule.group(1).split()
            target = names[0] if names else None
            semicolon = rule.group(2).find(";")
            if target is not None and semicolon >= 0:  # `target: deps ; command`
                at = rule.start(2) + semicolon + 1
                inline = variables.expand(_recipe(line[at:], start + at))
                site = CommandSite(source, f'Makefile target "{target}"', f"{path}#{target}")
                facts += CommandReader(site).line(inline, folder, env)
        else:
            target = None
    return ParseResult(facts=facts)


def _exported(variables: MakeVariables, source: CommandFile) -> dict[str, Token]:
    """`export FLASK_RUN_PORT = 5055`: in every recipe's environment (when no reference is left in it)."""
    env: dict[str, Token] = {}
    for name in sorted(variables.exported):
        value = variables.expand(variables.values[name])
        if "$" not in value.text:
            env[name] = Token(value.text, source.location(*value.span()))
    return env


def _logical_lines(text: str) -> Iterator[tuple[int, str]]:
    """Lines with their offsets, a backslash-newline joining a line to the next (kept in the text: the
    shell removes it)."""
    start = 0
    pieces: list[str] = []
    begin = 0
    for line in text.splitlines(keepends=True):
        if not pieces:
            begin = start
        pieces.append(line)
        start += len(line)
        if not line.rstrip("\r\n").endswith("\\"):
            yield begin, "".join(pieces).rstrip("\r\n")
            pieces = []
    if pieces:
        yield begin, "".join(pieces).rstrip("\r\n")


def _recipe(body: str, offset: int) -> MappedText:
    """A recipe line (after its tab, at `offset`) without the `@`, `-`, `+` make reads as flags."""
    stripped = body.lstrip(" \t@-+")
    return MappedText.plain(stripped, offset + len(body) - len(stripped))
