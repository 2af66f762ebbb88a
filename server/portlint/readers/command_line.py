"""One command line as a shell runs it: `X=1` assignments, `cd` and `export` carried to the next command,
subshells, wrappers stepped over (`npx`, `cross-env`, `poetry run`, `sh -c "..."`, `concurrently "..." "..."`),
and the program handed to the tool the registry names for it (`flask`, `python -m uvicorn`, `manage.py`). A
program no tool reads still tells the port it is given (`ServerPort`)."""

from __future__ import annotations

import os
import re
from collections.abc import Collection

from msgspec import Struct, field
from msgspec.structs import replace

from ..core.facts import Invocation, ServerPort, Token
from ..registry import program_reader, python_module_reader, python_script_reader
from .command_site import CommandSite
from .shell_words import MappedText, Operator, Word, split_commands, split_words

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


class _State(Struct):
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
            inner = self._wrapped(name, words[1:], env, computed)
            if inner is None:
                return self._run(name, words, cwd, env, computed)
            words = inner
        return []

    def _wrapped(self, name: str, args: list[Word], env: dict[str, Token], computed: set[str]) -> list[Word] | None:
        """The command a wrapper runs (`npx ng serve` → `ng serve`; nothing for a runner's other subcommand);
        None when `name` is no wrapper."""
        if name in ("env", "cross-env", "cross-env-shell"):
            rest = _drop_options(args)
            while rest and _ASSIGNMENT.match(rest[0].text):
                self._assign(rest[0], env, computed)
                rest = rest[1:]
            return rest
        if name in _TRANSPARENT:
            return _drop_options(args)
        if name in _SHELL_KEYWORDS:  # `if flask run; then`, `while true; do ng serve; done`
            return args
        if name == "dotenv":  # dotenv-cli: `dotenv -e .env.dev -- flask run`
            index = next((i for i, a in enumerate(args) if a.text == "--"), -1)
            return args[index + 1 :] if index >= 0 else _drop_options(args)
        if name in _RUNNERS:
            if args and args[0].text in _RUNNERS[name]:
                args = args[1:]
            elif "" not in _RUNNERS[name]:
                return []
            return _drop_options(args)
        return None

    def _run(
        self, name: str, words: list[Word], cwd: str, env: dict[str, Token], computed: set[str]
    ) -> list[Invocation | ServerPort]:
        """The program `name` (`words[0]`, past its wrappers): a shell, `concurrently`, Python, a tool's."""
        args = words[1:]
        if name in _SHELLS:
            script = _after(args, "-c")
            return self.line(script, cwd, env, computed) if script is not None else []
        if name == "concurrently":  # each argument may be a command line (names, colours give nothing)
            commands = [arg for arg in args if not arg.text.startswith("-")]
            return [found for arg in commands for found in self.line(arg, cwd, env, computed)]
        if _PYTHON.fullmatch(name):
            return self._python(args, cwd, env, computed)
        if (reader := program_reader(name)) is not None:
            return self._found(reader(args, self.site, words[0], cwd, env, computed))
        return self._named_ports(args, env)

    def _python(
        self, args: list[Word], cwd: str, env: dict[str, Token], computed: set[str]
    ) -> list[Invocation | ServerPort]:
        """`python -m MODULE ...` read by the tool registered for the module, `python SCRIPT ...` by the one
        that knows the script by name (`manage.py`)."""
        index = next((i for i, a in enumerate(args) if a.text == "-m"), -1)
        module = args[index + 1] if 0 <= index < len(args) - 1 else None
        if module is None:
            rest = _drop_options(args)
            runs = python_script_reader(rest[0].text) if rest else None
            return self._found(runs(rest[1:], self.site, rest[0], cwd, env, computed)) if runs else []
        reader = python_module_reader(module.text)
        if reader is None:
            return []
        return self._found(reader(args[index + 2 :], self.site, module, cwd, env, computed))

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
