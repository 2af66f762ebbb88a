"""Which files are read for a front end's calls (the `browser-source` kind): a bounded set by name and folder,
never taking a path another kind owns (one path, one kind); `src/api.js`, a Node entry file's name, is read
for its calls through the node kind."""

from __future__ import annotations

import pytest

from portlint.core.cors.calls import BrowserCall
from portlint.workspace.discover import ConfigFile, kind_of
from portlint.workspace.load import parse_text


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/w/src/app/api.service.ts", "browser-source"),
        ("/w/src/app/items.api.js", "browser-source"),
        ("/w/src/App.jsx", "browser-source"),
        ("/w/src/App.vue", "browser-source"),
        ("/w/src/services/items.ts", "browser-source"),
        ("/w/src/service/client.jsx", "browser-source"),
        # other kinds keep their files
        ("/w/src/services/index.js", "server-source"),
        ("/w/src/services/proxy.conf.js", "proxy"),
        ("/w/src/services/server.js", "node"),
        ("/w/src/setupProxy.js", "setup-proxy"),
        ("/w/vite.config.ts", "vite"),
        ("/w/src/environments/environment.ts", "angular-environment"),
        ("/w/src/api.js", "node"),
        ("/w/src/app/app.component.ts", None),
        ("/w/src/components/List.tsx", None),
    ],
)
def test_the_kind_of_each_front_end_file(path: str, kind: str | None) -> None:
    assert kind_of(path) == kind


def test_src_api_js_calls_are_read_through_the_node_kind_and_only_for_that_name() -> None:
    text = "export const hello = () => fetch('http://localhost:5000/api/hello')\n"
    read = parse_text(ConfigFile("/w/src/api.js", "node"), text).facts
    assert [(f.method, f.url) for f in read if isinstance(f, BrowserCall)] == [
        ("GET", ("http://localhost:5000/api/hello",))
    ]
    server = parse_text(ConfigFile("/w/server.js", "node"), text).facts
    assert not any(isinstance(f, BrowserCall) for f in server)
