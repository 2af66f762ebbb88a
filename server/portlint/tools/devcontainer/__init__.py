"""Dev containers: `.devcontainer/devcontainer.json` (or `.devcontainer.json`) `forwardPorts`, which VS Code
forwards to the local machine, and `appPort`, which Docker publishes."""

from __future__ import annotations

from ..base import DevServer, FileKind

NAME = "devcontainer"
_PARSER = "portlint.tools.devcontainer.devcontainer_json:parse_devcontainer"

TOOL = DevServer(
    name=NAME,
    files=(
        FileKind(
            "devcontainer",
            _PARSER,
            names=("devcontainer.json",),
            folder=".devcontainer",
            globs=("**/.devcontainer/devcontainer.json",),
            never_ignored=True,
        ),
        FileKind(
            "devcontainer", _PARSER, names=(".devcontainer.json",), globs=("**/.devcontainer.json",), never_ignored=True
        ),
    ),
    resolve="portlint.tools.devcontainer.resolve:resolve",
    reads=("portlint.tools.devcontainer.facts:DevContainer",),
)
