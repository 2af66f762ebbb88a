"""`.vscode/launch.json` (JSONC): the Python configurations that start dev servers.

`"module": "flask"` runs `python -m flask` with `args` (each its own JSON string, or one string the
debugger splits like a shell), read by the tool registered for that module; `"program": "app.py"` runs a
file as a script, where `app.run(...)` counts.
`env` is the debuggee's environment; `cwd` defaults to the workspace folder. `${workspaceFolder}` is
substituted; any other `${...}` is only known to VS Code, so a value holding one gives no token.

`envFile`: the debugger loads it into the real environment, which puts it just above `.env` and
`.flaskenv` and below `env` — the same place Flask gives `--env-file`, so it is recorded in `env_files`.
(Without an `envFile` the Python extension loads `${workspaceFolder}/.env`, which `flask run` loads
anyway; that default is not recorded.)
"""

from __future__ import annotations

import os
import re

from msgspec.structs import replace

from ..core.facts import Fact, Invocation, ParseResult, Token
from ..registry import python_module_reader, python_script_reader
from .command_site import CommandFile, CommandSite
from .jsonc import JNode, parse_jsonc
from .shell_words import MappedText, Word, split_words

# The tool of a configuration that runs a Python file as a script (`"program"`): each tool sees what it runs.
PYTHON_SCRIPT = "python"
_PYTHON_TYPES = frozenset({"python", "debugpy"})
_WORKSPACE = re.compile(r"\$\{(?:workspaceFolder|workspaceRoot)\}")
_VARIABLE = re.compile(r"\$\{[^}]*\}")


def parse_launch(path: str, text: str, workspace_folder: str) -> ParseResult:
    """A Flask `Invocation` for each Python launch configuration that runs Flask or a Python file."""
    source = CommandFile(path, text)
    root, problems = parse_jsonc(path, source.text)
    configurations = root.get("configurations") if root is not None else None
    if configurations is None:
        return ParseResult(problems=problems)
    facts: list[Fact] = []
    for configuration in configurations.elements():
        invocation = _configuration(configuration, source, workspace_folder)
        if invocation is not None:
            facts.append(invocation)
    return ParseResult(facts=facts, problems=problems)


def _configuration(config: JNode, source: CommandFile, workspace: str) -> Invocation | None:
    if _text(config.get("type")) not in _PYTHON_TYPES or _text(config.get("request")) == "attach":
        return None
    name_node = config.get("name")
    name = _text(name_node) or ""
    site = CommandSite(source, f'launch configuration "{name}"')
    location = name_node.location if name_node is not None else config.location
    cwd = _path(config.get("cwd"), workspace, workspace) or workspace
    env = _env(config.get("env"), site, workspace)
    env_file = _path(config.get("envFile"), workspace, workspace)
    env_files = (env_file,) if env_file is not None else ()

    module = _text(config.get("module"))
    reader = python_module_reader(module) if module else None
    if reader is not None:
        words = _args(config.get("args"), source, workspace)
        invocation: Invocation | None = reader(words, site, location, cwd, env)
        if invocation is None:
            return None
        return replace(invocation, env_files=env_files + invocation.env_files)
    program = _path(config.get("program"), workspace, cwd)
    script = python_script_reader(program) if program is not None else None
    if script is not None:  # a script the registry knows by name (`manage.py`)
        invocation = script(_args(config.get("args"), source, workspace), site, location, cwd, env)
        return replace(invocation, env_files=env_files + invocation.env_files) if invocation is not None else None
    if program is not None and program.endswith(".py"):
        return site.invocation(
            Invocation, PYTHON_SCRIPT, location, cwd, env=env, env_files=env_files, as_script=program
        )
    return None


def _text(node: JNode | None) -> str | None:
    return node.text if node is not None else None


def _path(node: JNode | None, workspace: str, relative_to: str) -> str | None:
    """A path setting with `${workspaceFolder}` substituted; None when another variable is in it."""
    value = _text(node)
    if not value:
        return None
    value = _WORKSPACE.sub(lambda _: workspace, value)  # (a function: no escapes processed in it)
    if _VARIABLE.search(value):
        return None
    return os.path.normpath(os.path.join(relative_to, value))


def _env(node: JNode | None, site: CommandSite, workspace: str) -> dict[str, Token]:
    env: dict[str, Token] = {}
    for key, value in node.members() if node is not None else ():
        if value.kind == "string" and isinstance(value.value, str):
            text, literal = _substituted(site.source.json_string(value), workspace)
            token = site.token(text, literal)
            if token is not None:
                env[key] = token
    return env


def _args(node: JNode | None, source: CommandFile, workspace: str) -> list[Word]:
    """The argument words: an array of strings, or one string split like a shell."""
    if node is None:
        return []
    if node.kind == "string":
        split = [w for w in split_words(source.json_string(node)) if isinstance(w, Word)]
        return [_word(*_substituted(w, workspace), shell_literal=w.literal) for w in split]
    words: list[Word] = []
    for element in node.elements():
        if element.kind != "string":
            return words  # a number or null: VS Code rejects the configuration; stop reading
        words.append(_word(*_substituted(source.json_string(element), workspace)))
    return words


def _word(text: MappedText, literal: bool, shell_literal: bool = True) -> Word:
    return Word(text.text, text.starts, text.ends, text.span(), literal and shell_literal)


def _substituted(text: MappedText, workspace: str) -> tuple[MappedText, bool]:
    """`${workspaceFolder}` replaced (its characters all point at the variable); literal unless another
    `${...}` remains."""
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    done = 0
    for match in _WORKSPACE.finditer(text.text):
        piece = text.slice(done, match.start())
        chars += piece.text
        starts += piece.starts
        ends += piece.ends
        start, end = text.span(match.start(), match.end())
        chars += workspace
        starts += [start] * len(workspace)
        ends += [end] * len(workspace)
        done = match.end()
    if done == 0:
        return text, not _VARIABLE.search(text.text)
    rest = text.slice(done)
    result = MappedText("".join(chars) + rest.text, tuple(starts) + rest.starts, tuple(ends) + rest.ends)
    return result, not _VARIABLE.search(result.text)
