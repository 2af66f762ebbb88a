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
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field

from ..core.facts import Fact, Invocation, ParseResult, Token
from ..core.model import Location, Tool
from ..core.text import SourceText
from .jsonc import JNode, parse_jsonc
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


@dataclass(frozen=True)
class CommandSite:
    """Where commands are written, in file and in words ('package.json script "api"')."""

    source: CommandFile
    where: str

    def location(self, text: MappedText, start: int = 0, end: int | None = None) -> Location:
        return self.source.location(*text.span(start, end))

    def token(self, value: MappedText | None, literal: bool = True) -> Token | None:
        """The value as a token, or None when the shell computes it (`$PORT`)."""
        if value is None or not literal:
            return None
        return Token(value.text, self.location(value))


# ---- the files -----------------------------------------------------------------------------------


def parse_package_json(path: str, text: str) -> ParseResult:
    """Every dev server started by a script in package.json (cwd: the package.json's folder)."""
    source = CommandFile(path, text)
    root, problems = parse_jsonc(path, source.text)
    scripts = root.get("scripts") if root is not None else None
    if scripts is None:
        return ParseResult(problems=problems)
    folder = os.path.dirname(path)
    facts: list[Fact] = []
    for name, script in scripts.members():
        if script.kind == "string":
            site = CommandSite(source, f'package.json script "{name}"')
            facts += CommandReader(site).line(source.json_string(script), folder)
    return ParseResult(facts=facts, problems=problems)


# The command runs to the end of the line; its trailing blanks are cut in code, not by a lazy `.*?` before
# `[ \t]*$`, which retries the run of blanks at every character (a line with 120,000 blanks took 42 s).
_PROCESS = re.compile(r"^([A-Za-z0-9_-]+)[ \t]*:[ \t]*(\S.*)$", re.MULTILINE)


def parse_procfile(path: str, text: str) -> ParseResult:
    """`name: command` lines, as foreman / honcho run them (through a shell, in the Procfile's folder)."""
    source = CommandFile(path, text)
    folder = os.path.dirname(path)
    facts: list[Fact] = []
    for match in _PROCESS.finditer(text):
        site = CommandSite(source, f'Procfile process "{match.group(1)}"')
        command = match.group(2).rstrip(" \t\r")
        facts += CommandReader(site).line(MappedText.plain(command, match.start(2)), folder)
    return ParseResult(facts=facts)


_MAKE_ASSIGNMENT = re.compile(r"^\s*(?:(?:export|override|private)\s+)*[^\s:#=]+\s*(?:::=|:::=|:=|\?=|\+=|!=|=)")
_MAKE_RULE = re.compile(r"^([^\s:#=][^:#=]*)::?(?!=)(.*)$")  # no lazy `*?` before `\s*`: see _PROCESS
_MAKE_DIRECTIVE = re.compile(r"^\s*(?:ifn?eq|ifn?def|else|endif|-?include|sinclude|vpath|unexport|undefine)\b")


def parse_makefile(path: str, text: str) -> ParseResult:
    """Recipe lines of each target; make runs each line in its own shell, in the Makefile's folder."""
    source = CommandFile(path, text)
    folder = os.path.dirname(path)
    facts: list[Fact] = []
    target: str | None = None
    in_define = False
    for start, line in _logical_lines(text):
        if in_define:
            in_define = not re.match(r"^\s*endef\b", line)
            continue
        if line.startswith("\t"):
            if target is not None:
                recipe = _recipe(line[1:], start + 1)
                facts += CommandReader(CommandSite(source, f'Makefile target "{target}"')).line(recipe, folder)
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
                inline = _recipe(line[at:], start + at)
                facts += CommandReader(CommandSite(source, f'Makefile target "{target}"')).line(inline, folder)
        else:
            target = None
    return ParseResult(facts=facts)


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
_NG_VALUE_OPTIONS = frozenset(
    {
        "--port",
        "--host",
        "--configuration",
        "-c",
        "--project",
        "--proxy-config",
        "--ssl-key",
        "--ssl-cert",
        "--public-host",
        "--serve-path",
        "--allowed-hosts",
        "--build-target",
        "--browser-target",
        "--poll",
        "--inspect",
    }
)
_FLASK_RUN_VALUE_OPTIONS = frozenset({"--cert", "--key", "--extra-files", "--exclude-patterns"})


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
    ) -> list[Invocation]:
        found: list[Invocation] = []
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

    def _command(self, words: list[Word], state: _State) -> list[Invocation]:
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

    def _program(self, words: list[Word], cwd: str, env: dict[str, Token], computed: set[str]) -> list[Invocation]:
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
                module = _after(args, "-m")
                index = next((i for i, a in enumerate(args) if a.text == "-m"), -1)
                if module is None or module.text != "flask":
                    return []
                module_args = args[index + 2 :]
                return self._found(read_flask_args(module_args, self.site, args[index + 1], cwd, env, computed))
            elif name == "flask":
                return self._found(read_flask_args(args, self.site, words[0], cwd, env, computed))
            elif name == "ng":
                return self._found(self._ng(args, words[0], cwd, env))
            elif name in ("firebase", "firebase-tools"):
                return self._found(self._firebase(args, words[0], cwd, env))
            else:
                return []
        return []

    @staticmethod
    def _found(invocation: Invocation | None) -> list[Invocation]:
        return [invocation] if invocation is not None else []

    def _ng(self, args: list[Word], command: Word, cwd: str, env: dict[str, Token]) -> Invocation | None:
        """`ng serve [project] [options]`, `ng s`, `ng run project:serve[:configuration]`."""
        if not args or args[0].text not in ("serve", "s", "run"):
            return None
        app: Token | None = None
        configuration: str | None = None
        rest = args[1:]
        if args[0].text == "run":
            if not rest or rest[0].text.count(":") < 1 or rest[0].text.split(":")[1] != "serve":
                return None
            target, rest = rest[0], rest[1:]
            project, _, config = target.text.partition(":serve")
            app = self.site.token(target.slice(0, len(project)), target.literal)
            configuration = config[1:] if config.startswith(":") and target.literal else None
        options = _Options(rest)
        port = host = None
        while options.more():
            if (value := options.value("--port")) is not None:
                port = self.site.token(*value)
            elif (value := options.value("--host")) is not None:
                host = self.site.token(*value)
            elif (value := options.value("--project")) is not None:
                app = self.site.token(*value)
            elif (value := options.value("--configuration", "-c")) is not None:
                configuration = value[0].text if value[1] else None
            elif (value := options.value(*_NG_VALUE_OPTIONS)) is not None:
                pass
            elif (word := options.positional()) is not None:
                app = app or self.site.token(word, word.literal)
        location = self.site.location(command)
        return Invocation(
            Tool.ANGULAR,
            self.site.source.path,
            location,
            self.site.where,
            cwd,
            port,
            host,
            env,
            app=app,
            configuration=configuration,
        )

    def _firebase(self, args: list[Word], command: Word, cwd: str, env: dict[str, Token]) -> Invocation | None:
        """`firebase emulators:start` / `emulators:exec` (ports from firebase.json), `firebase serve -p N`."""
        subcommand = next((i for i, a in enumerate(args) if not a.text.startswith("-")), None)
        if subcommand is None or args[subcommand].text not in ("emulators:start", "emulators:exec", "serve"):
            return None
        options = _Options(args[subcommand + 1 :] if args[subcommand].text == "serve" else [])
        port = host = None
        while options.more():
            if (value := options.value("--port", "-p")) is not None:
                port = self.site.token(*value)
            elif (value := options.value("--host", "-o")) is not None:
                host = self.site.token(*value)
            else:
                options.skip()
        location = self.site.location(command)
        return Invocation(Tool.FIREBASE, self.site.source.path, location, self.site.where, cwd, port, host, env)


def read_flask_args(
    args: Sequence[Word],
    site: CommandSite,
    command: Word | Location,
    cwd: str,
    env: dict[str, Token],
    computed_env: Collection[str] = (),
) -> Invocation | None:
    """`flask [--app X] [-e FILE] run [--port N] [--host H]`, read as click reads it (`--port=N`, `-pN`
    too). `--app` and `--env-file` belong to the group, before `run`; None when the command is no `run`.
    `computed_env`: variables the shell sets to values only run time knows."""
    options = _Options(list(args))
    app: Token | None = None
    env_files: list[str] = []
    while options.more():
        if (value := options.value("--app", "-A")) is not None:
            app = site.token(*value)
        elif (value := options.value("--env-file", "-e")) is not None:
            if value[1]:
                env_files.append(os.path.normpath(os.path.join(cwd, value[0].text)))
        elif options.peek() in ("--debug", "--no-debug"):
            options.skip()
        else:
            break
    if options.positional() is None or options.last_text != "run":
        return None
    port = host = None
    computed: dict[str, bool] = {}  # option → its (last) value is computed by the shell
    while options.more():
        if (value := options.value("--port", "-p")) is not None:
            port, computed["--port"] = site.token(*value), not value[1]
        elif (value := options.value("--host", "-h")) is not None:
            host, computed["--host"] = site.token(*value), not value[1]
        elif options.value(*_FLASK_RUN_VALUE_OPTIONS) is None:
            options.skip()
    location = command if isinstance(command, Location) else site.location(command)
    return Invocation(
        Tool.FLASK,
        site.source.path,
        location,
        site.where,
        cwd,
        port=port,
        host=host,
        env=env,
        env_files=tuple(env_files),
        app=app,
        computed=tuple(option for option, by_shell in computed.items() if by_shell) + tuple(sorted(computed_env)),
    )


class _Options:
    """Walks a command's arguments, option by option."""

    def __init__(self, words: list[Word]) -> None:
        self.words = words
        self.i = 0
        self.last_text: str | None = None
        self.ended = False  # after `--` everything is positional

    def more(self) -> bool:
        return self.i < len(self.words)

    def peek(self) -> str | None:
        return self.words[self.i].text if self.more() else None

    def skip(self) -> None:
        if self.peek() == "--":
            self.ended = True
        self.i += 1

    def value(self, *names: str) -> tuple[MappedText, bool] | None:
        """The value of an option named `names` at this point: `--name V`, `--name=V`, `-n V`, `-nV`;
        the value and whether it is literal. Consumes the option when it matches."""
        if not self.more() or self.ended:
            return None
        word = self.words[self.i]
        for name in names:
            if word.text == name:
                self.i += 1
                if not self.more():
                    return None
                self.i += 1
                value = self.words[self.i - 1]
                return value, value.literal
            if word.text.startswith(name + "=") or (
                len(name) == 2 and not name.startswith("--") and word.text.startswith(name) and len(word.text) > 2
            ):
                self.i += 1
                cut = len(name) + 1 if word.text.startswith(name + "=") and len(name) > 2 else len(name)
                return word.slice(cut), word.literal
        return None

    def positional(self) -> Word | None:
        """The next argument when it is no option."""
        if not self.more():
            return None
        word = self.words[self.i]
        if word.text == "--" and not self.ended:
            self.ended = True
            self.i += 1
            return self.positional()
        if word.text.startswith("-") and not self.ended:
            self.i += 1  # an unknown option; a flag as far as we can tell
            return None
        self.i += 1
        self.last_text = word.text
        return word


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
