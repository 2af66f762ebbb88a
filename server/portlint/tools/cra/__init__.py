"""Create React App (`react-scripts start`, also through craco and react-app-rewired): `PORT`/`HOST` from the
environment and `.env*` files, package.json's `"proxy"`, `src/setupProxy.js`."""

from __future__ import annotations

from ..base import DevServer, FileKind

NAME = "create-react-app"
_CLI = "portlint.tools.cra.cli:read_react_scripts_args"

TOOL = DevServer(
    name=NAME,
    files=(
        FileKind(
            "setup-proxy",
            "portlint.tools.cra.setup_proxy:parse_setup_proxy",
            names=("setupProxy.js",),
            folder="src",
            globs=("**/src/setupProxy.js",),
        ),
    ),
    programs={"react-scripts": _CLI, "craco": _CLI, "react-app-rewired": _CLI},
    resolve="portlint.tools.cra.resolve:resolve",
    reads=("portlint.tools.cra.facts:CraProxy",),
    environment=("PORT", "HOST"),
    package_fields={"proxy": "portlint.tools.cra.package_proxy:read_proxy_field"},
)
