"""The Angular CLI's dev server: `angular.json` serve targets, `ng serve` command lines, proxy configs."""

from __future__ import annotations

from ..base import DevServer, FileKind
from .names import is_proxy_config_name

NAME = "angular"
# The development environments (`ng serve` swaps them in by fileReplacements); production URLs are not local.
ENVIRONMENT_NAMES = ("environment.ts", "environment.development.ts", "environment.dev.ts", "environment.local.ts")

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
            "angular-environment",
            "portlint.tools.angular.environment:parse_environment",
            names=ENVIRONMENT_NAMES,
            folder="environments",
            globs=tuple(f"**/environments/{name}" for name in ENVIRONMENT_NAMES),
            examples=tuple(f"src/environments/{name}" for name in ENVIRONMENT_NAMES),
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
    reads=(
        "portlint.tools.angular.facts:AngularServe",
        "portlint.tools.angular.facts:EnvironmentUrl",
        "portlint.tools.angular.facts:ProxyStrayKey",
        "portlint.readers.proxy_targets:ProxyTarget",
    ),
)
