"""Command lines that start dev servers: package.json scripts, Makefile recipes, Procfile processes.

Each line is split like a shell would (`shell_words`), chains (`&&`, `;`, `|`, subshells, `concurrently
"..." "..."`, `sh -c "..."`) are followed, and every `flask run`, `ng serve` and `firebase
emulators:start` / `firebase serve` becomes an `Invocation` with its options read the way Flask (click),
the Angular CLI and firebase-tools read them. Tokens point at the characters in the file, through quotes
and JSON escapes. A value that needs the shell (`$PORT`) gives no token: only run time knows it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from ..core.facts import Fact, Invocation, ParseResult, ServerPort, Token
from ..core.model import Location
from ..core.text import SourceText
from ..registry import package_field_readers, program_reader, python_module_reader, python_script_reader
from ..tools.base import load_function
from .jsonc import JNode, parse_jsonc
from .make_variables import MakeVariables, read_make_variables
from .shell_words import MappedText, Operator, Word, split_commands, split_words

# ---- where a command line is written -------------------------------------------------------------


class CommandFile:
    """The file command lines are written in: its path and its text model."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = SourceText(text)

    def location(self, start: int, end: int) -> Location:
        return self.text.location(self.path, start, end)

    def json_string(self, node: JNode) -> MappedText:
        """A JSON string's decoded value, each character mapped to its raw spelling (`\\n`, `\\u00e9`)."""
        value = node.value if isinstance(node.value, str) else ""
        start, end = self.text.offset(node.location.range.start), self.text.offset(node.location.range.end)
        decoded = _decode_json_content(self.text.text[start:end], start)
        if decoded.text == value:
            return decoded
        # Should not happen; if it does, every character points at the whole string rather than astray.
        return MappedText(value, (start,) * len(value), (end,) * len(value))


_JSON_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "/": "/", "\\": "\\", '"': '"'}
_HEX4 = re.compile(r"[0-9a-fA-F]{4}")


def _decode_json_content(raw: str, base: int) -> MappedText:
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i = 0
    while i < len(raw):
        width, ch = 1, raw[i]
        if ch == "\\" and i + 1 < len(raw):
            escape = raw[i + 1]
            if escape == "u" and _HEX4.fullmatch(raw, i + 2, i + 6):
                code, width = int(raw[i + 2 : i + 6], 16), 6
                low = raw[i + 8 : i + 12] if raw.startswith("\\u", i + 6) else ""
                if 0xD800 <= code < 0xDC00 and _HEX4.fullmatch(low) and 0xDC00 <= int(low, 16) < 0xE000:
                    code, width = 0x10000 + ((code - 0xD800) << 10) + (int(low, 16) - 0xDC00), 12
                ch = chr(code)
            else:
                ch, width = _JSON_ESCAPES.get(escape, escape), 2
        chars.append(ch)
        starts.append(base + i)
        ends.append(base + i + width)
        i += width
    return MappedText("".join(chars), tuple(starts), tuple(ends))


_Invocation = TypeVar("_Invocation", bound=Invocation)


@dataclass(frozen=True)
class CommandSite:
    """Where commands are written, in file and in words ('package.json script "api"')."""

    source: CommandFile
    where: str
    # What starts the commands written here together: every process of a Procfile (`heroku local`, honcho),
    # the commands of one script or make target (`concurrently "ng serve" "flask run"`). Empty: each alone.
    together: str = ""

    def location(self, text: MappedText, start: int = 0, end: int | None = None) -> Location:
        return self.source.location(*text.span(start, end))

    def invocation(
        self, kind: type[_Invocation], tool: str, command: MappedText | Location, cwd: str, **fields: Any
    ) -> _Invocation:
        """The `kind` of invocation a `tool`'s reader makes of a command written here, run from `cwd`: it points
        at the command word (or a launch configuration's own location) and carries the other `fields`."""
        place = command if isinstance(command, Location) else self.location(command)
        return kind(tool, self.source.path, place, self.where, cwd, **fields)

    def token(self, value: MappedText | None, literal: bool = True) -> Token | None:
        """The value as a token, or None when the shell computes it (`$PORT`)."""
        if value is None or not literal:
            return None
        return Token(value.text, self.location(value))


# ---- the files -----------------------------------------------------------------------------------


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


# ---- reading one command line --------------------------------------------------------------------

_ASSIGNMENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=")
_PYTHON = re.compile(r"(?:python(?:\d+(?:\.\d+)*)?|py)(?:\.exe)?", re.IGNORECASE)
_SHELLS = frozenset({"sh", "bash", "zsh", "dash", "ksh"})
_SHELL_KEYWORDS = frozenset({"if", "then", "else", "elif", "do", "while", "until", "!", "{"})
_TRANSPARENT = frozenset({"exec", "nohup", "time", "command", "nice", "npx", "pnpx", "bunx"})
# Two-word runners: `poetry run flask run`, `pnpm exec ng serve`, `yarn ng serve`.
_RUNNERS = {
    "poetry": {"run"},
    "pipenv": {"run"},
    "uv": {"run"},
    "pdm": {"run"},
    "hatch": {"run"},
    "rye": {"run"},
    "pnpm": {"exec", "dlx"},
    "npm": {"exec"},
    "yarn": {"exec", "run", ""},
    "bun": {"x", "run"},
}


@dataclass
class _State:
    """What a shell carries from one command of a line to the next."""

    cwd: str
    env: dict[str, Token] = field(default_factory=dict)  # exported: `export X=1`, Windows `set X=1`
    computed: set[str] = field(default_factory=set)  # exported variables whose value the shell computes

    def copy(self) -> _State:
        return _State(self.cwd, dict(self.env), set(self.computed))


class CommandReader:
    """Finds the dev-server invocations in command lines written at one site."""

    def __init__(self, site: CommandSite) -> None:
        self.site = site

    def line(
        self, text: MappedText, cwd: str, env: dict[str, Token] | None = None, computed: Collection[str] = ()
    ) -> list[Invocation | ServerPort]:
        found: list[Invocation | ServerPort] = []
        state = _State(cwd, dict(env or {}), set(computed))
        saved: list[_State] = []
        for piece in split_commands(split_words(text)):
            if isinstance(piece, Operator):  # a subshell: its `cd` and `export` stay inside
                if piece.text == "(":
                    saved.append(state.copy())
                elif saved:
                    state = saved.pop()
            else:
                found += self._command(piece, state)
        return found

    def _command(self, words: list[Word], state: _State) -> list[Invocation | ServerPort]:
        env, computed = dict(state.env), set(state.computed)
        i = 0
        while i < len(words) and _ASSIGNMENT.match(words[i].text):
            self._assign(words[i], env, computed)
            i += 1
        words = words[i:]
        if not words:
            return []  # `X=1` alone sets a shell variable, which no program sees
        name, args = words[0].text, words[1:]
        if name in ("cd", "pushd"):
            if args and args[0].literal and not args[0].text.startswith(("-", "~")):
                state.cwd = os.path.normpath(os.path.join(state.cwd, args[0].text))
            return []
        if name == "export" or (name.lower() == "set" and args and _ASSIGNMENT.match(args[0].text)):
            for word in args:
                if _ASSIGNMENT.match(word.text):
                    self._assign(word, state.env, state.computed)
            return []
        return self._program(words, state.cwd, env, computed)

    def _assign(self, word: Word, env: dict[str, Token], computed: set[str]) -> None:
        key = word.text.split("=", 1)[0]
        token = self.site.token(word.slice(len(key) + 1), word.literal)
        if token is None:
            env.pop(key, None)  # set, but to what only the shell knows
            computed.add(key)
        else:
            env[key] = token
            computed.discard(key)

    def _program(
        self, words: list[Word], cwd: str, env: dict[str, Token], computed: set[str]
    ) -> list[Invocation | ServerPort]:
        """Steps over wrappers (`npx`, `cross-env X=1`, `poetry run`) to the program, then reads it."""
        while words:
            name = _program_name(words[0].text)
            args = words[1:]
            if name in ("env", "cross-env", "cross-env-shell"):
                rest = _drop_options(args)
                while rest and _ASSIGNMENT.match(rest[0].text):
                    self._assign(rest[0], env, computed)
                    rest = rest[1:]
                words = rest
            elif name in _TRANSPARENT:
                words = _drop_options(args)
            elif name in _SHELL_KEYWORDS:  # `if flask run; then`, `while true; do ng serve; done`
                words = args
            elif name == "dotenv":  # dotenv-cli: `dotenv -e .env.dev -- flask run`
                index = next((i for i, a in enumerate(args) if a.text == "--"), -1)
                words = args[index + 1 :] if index >= 0 else _drop_options(args)
            elif name in _RUNNERS:
                if args and args[0].text in _RUNNERS[name]:
                    args = args[1:]
                elif "" not in _RUNNERS[name]:
                    return []
                words = _drop_options(args)
            elif name in _SHELLS:
                script = _after(args, "-c")
                return self.line(script, cwd, env, computed) if script is not None else []
            elif name == "concurrently":  # each argument may be a command line (names, colours give nothing)
                commands = [arg for arg in args if not arg.text.startswith("-")]
                return [found for arg in commands for found in self.line(arg, cwd, env, computed)]
            elif _PYTHON.fullmatch(name):
                index = next((i for i, a in enumerate(args) if a.text == "-m"), -1)
                module = args[index + 1] if 0 <= index < len(args) - 1 else None
                if module is None:  # `python manage.py runserver`: a script the registry knows by name
                    rest = _drop_options(args)
                    runs = python_script_reader(rest[0].text) if rest else None
                    return self._found(runs(rest[1:], self.site, rest[0], cwd, env, computed)) if runs else []
                reader = python_module_reader(module.text)
                if reader is None:
                    return []
                return self._found(reader(args[index + 2 :], self.site, module, cwd, env, computed))
            elif (reader := program_reader(name)) is not None:
                return self._found(reader(args, self.site, words[0], cwd, env, computed))
            else:
                return self._named_ports(args, env)
        return []

    def _named_ports(self, args: list[Word], env: dict[str, Token]) -> list[Invocation | ServerPort]:
        """A program no tool reads (`json-server --port 3000`, `PORT=7998 node index.js`): the port it is
        given, noted as some server's so that a proxy target there is no mismatch; never a claim."""
        tokens: list[Token | None] = [env["PORT"]] if "PORT" in env else []
        for i, word in enumerate(args):
            if word.text in ("--port", "-p") and i + 1 < len(args):
                tokens.append(self.site.token(args[i + 1], args[i + 1].literal))
            elif word.text.startswith("--port="):
                tokens.append(self.site.token(word.slice(len("--port=")), word.literal))
        found: list[Invocation | ServerPort] = []
        for token in tokens:
            port = token.as_port() if token is not None else None
            if token is not None and port:
                found.append(ServerPort(token.location.file, port, token.location))
        return found

    def _found(self, invocation: Invocation | None) -> list[Invocation | ServerPort]:
        if invocation is None:
            return []
        return [replace(invocation, together=(self.site.together,)) if self.site.together else invocation]


def _program_name(word: str) -> str:
    """`node_modules/.bin/ng` → `ng`, `ng.cmd` → `ng`."""
    name = word.replace("\\", "/").rsplit("/", 1)[-1]
    for suffix in (".cmd", ".exe", ".bat", ".ps1"):
        if name.lower().endswith(suffix) and not _PYTHON.fullmatch(name):
            return name[: -len(suffix)]
    return name


def _drop_options(words: list[Word]) -> list[Word]:
    i = 0
    while i < len(words) and words[i].text.startswith("-"):
        i += 1
        if words[i - 1].text == "--":
            break
    return words[i:]


def _after(words: list[Word], flag: str) -> Word | None:
    for i, word in enumerate(words[:-1]):
        if word.text == flag:
            return words[i + 1]
    return None
