"""docker compose: the `ports:` every service publishes on the host (short and long syntax, ranges, `host_ip`),
with `${VAR:-default}` read from the project's `.env`. A Docker holder of such a port counts as ours."""

from __future__ import annotations

import re

from ..base import ALL_VARIABLES, DevServer, FileKind

NAME = "compose"
# compose.yaml, compose.yml, docker-compose.yml and every override or variant: docker-compose.override.yml,
# docker-compose.dev.yaml, compose.prod.yml.
_COMPOSE_FILE = re.compile(r"(?:docker-)?compose(?:\.[A-Za-z0-9_-]+)*\.ya?ml")


def is_compose_file(name: str) -> bool:
    return _COMPOSE_FILE.fullmatch(name) is not None


TOOL = DevServer(
    name=NAME,
    files=(
        FileKind(
            "compose",
            "portlint.tools.compose.compose_file:parse_compose_file",
            matches=is_compose_file,
            globs=(
                "**/compose.yaml",
                "**/compose.yml",
                "**/docker-compose*.yml",
                "**/docker-compose*.yaml",
                "**/compose.*.yaml",
                "**/compose.*.yml",
            ),
            telltale=("compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml"),
            examples=("docker-compose.yml", "compose.yaml", "docker-compose.override.yml"),
        ),
    ),
    resolve="portlint.tools.compose.resolve:resolve",
    reads=("portlint.tools.compose.facts:ComposeFile",),
    environment=(ALL_VARIABLES,),  # `${VAR}` may name any variable of the shell
)
