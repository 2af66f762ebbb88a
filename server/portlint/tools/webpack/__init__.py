"""webpack-dev-server: `devServer` in webpack configs, `webpack serve` / `webpack-dev-server` command lines."""

from __future__ import annotations

from ..base import AlsoReads, DevServer, FileKind

NAME = "webpack"
_EXTENSIONS = (".js", ".mjs", ".cjs", ".ts", ".mts", ".cts")


def is_webpack_config_name(name: str) -> bool:
    """webpack.config.js and the usual split configs: webpack.dev.js, webpack.config.dev.ts, webpack.common.js."""
    return name.startswith("webpack.") and name.endswith(_EXTENSIONS)


TOOL = DevServer(
    name=NAME,
    files=(
        FileKind(
            "webpack",
            "portlint.tools.webpack.webpack_config:parse_webpack_config",
            matches=is_webpack_config_name,
            globs=("**/webpack.*.{js,mjs,cjs,ts,mts,cts}",),
            telltale=("webpack.config.js", "webpack.config.ts"),
            examples=("webpack.config.js", "webpack.dev.js", "config/webpack.config.dev.ts"),
        ),
    ),
    # Nx projects whose `serve` target runs Nx's webpack dev server (the file kind is the Angular tool's).
    also_reads=(
        AlsoReads(
            "nx-project",
            "portlint.tools.webpack.nx_target:parse_nx_webpack",
            (b"webpack:dev-server", b"web:dev-server"),
        ),
    ),
    programs={
        "webpack": "portlint.tools.webpack.cli:read_webpack_args",
        "webpack-cli": "portlint.tools.webpack.cli:read_webpack_args",
        "webpack-dev-server": "portlint.tools.webpack.cli:read_webpack_dev_server_args",
    },
    resolve="portlint.tools.webpack.resolve:resolve",
    reads=(
        "portlint.tools.webpack.facts:WebpackDevServer",
        "portlint.tools.webpack.facts:WebpackInvocation",
    ),
    environment=("WEBPACK_DEV_SERVER_BASE_PORT",),
)
