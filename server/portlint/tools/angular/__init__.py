"""The Angular CLI's dev server: `angular.json` serve targets, `ng serve` command lines, proxy configs."""

from __future__ import annotations

from ..base import DevServer, FileKind
from .names import is_proxy_config_name

NAME = "angular"

TOOL = DevServer(
    name=NAME,
    files=(
        FileKind(
            "angular",
            "portlint.tools.angular.angular_json:parse_angular",
            names=("angular.json",),
            globs=("**/angular.json",),
            telltale=("angular.json",),
        ),
        # Nx: each project's targets in its own project.json; only Angular dev-server executors are read. Other
        # tools name files project.json too: only a candidate, quiet, and skipped unless it names a dev server.
        FileKind(
            "nx-project",
            "portlint.tools.angular.nx_project:parse_nx_project",
            names=("project.json",),
            globs=("**/project.json",),
            quiet=True,
            needs_bytes=(b"dev-server",),
        ),
        FileKind(
            "proxy",
            "portlint.tools.angular.proxy_config:parse_proxy",
            matches=is_proxy_config_name,
            globs=("**/*proxy*.{json,js,mjs,cjs}",),
            telltale=("*proxy*.{json,js,mjs,cjs}",),
            examples=("proxy.conf.json", "src/proxy.conf.js"),
        ),
    ),
    programs={"ng": "portlint.tools.angular.cli:read_ng_args"},
    resolve="portlint.tools.angular.resolve:resolve",
    checks="portlint.tools.angular.checks:check",
)
