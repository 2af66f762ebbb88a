"""What a Create React App project says about its dev server and its proxy."""

from __future__ import annotations

from msgspec import Struct

from ...readers.proxy_targets import ProxyTarget


class CraProxy(Struct, frozen=True):
    """A proxy target of the dev server: package.json's `"proxy"` or one in `src/setupProxy.js` (wrapped, so
    no other tool takes it for its own proxy config)."""

    target: ProxyTarget
