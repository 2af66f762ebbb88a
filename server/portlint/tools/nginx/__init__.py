"""nginx in front of a backend: read for the CORS headers it adds (`add_header`, `proxy_hide_header`)."""

from __future__ import annotations

from ..base import DevServer, FileKind

NAME = "nginx"
_PARSER = "portlint.tools.nginx.nginx_conf:parse_nginx"

TOOL = DevServer(
    name=NAME,
    files=(
        FileKind("nginx", _PARSER, names=("nginx.conf", "default.conf"), globs=("**/nginx.conf", "**/default.conf")),
        FileKind("nginx", _PARSER, suffix=".conf", folder="nginx", globs=("**/nginx/*.conf",)),
    ),
)
