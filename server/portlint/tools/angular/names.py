"""Which file names are Angular proxy configs: decided by name alone, during the walk."""

from __future__ import annotations

import re

_PROXY_EXTENSIONS = frozenset({"json", "js", "mjs", "cjs"})
_NAME_SEPARATORS = re.compile(r"[._-]")


def is_proxy_config_name(name: str) -> bool:
    """Proxy configs as named in real Angular projects: proxy.conf.json, proxy.conf.js, proxy.config.json,
    proxy.conf.dev.json, dev.proxy.conf.mjs, proxy-conf.json, proxy.json, proxy.dev.json, proxy-local.json.
    A bare `proxy.js` is too common a module name to count; angular.json's proxyConfig names odd ones."""
    if "roxy" not in name and "ROXY" not in name:  # most names of a tree: say no before splitting
        return False
    stem, _, extension = name.lower().rpartition(".")
    if extension not in _PROXY_EXTENSIONS or "proxy" not in stem:
        return False
    words = _NAME_SEPARATORS.split(stem)
    if "proxyconf" in words or "proxyconfig" in words:
        return True
    if "proxy" not in words:
        return False
    after = words.index("proxy") + 1
    if after < len(words) and words[after] in ("conf", "config"):
        return True
    return extension == "json" and words[0] == "proxy"
