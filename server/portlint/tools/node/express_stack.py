"""An Express app's layers as its router walks them: routers mounted with `app.use('/api', router)` spread in
place with their prefix, and Express's path matching (path-to-regexp: `:param`, `*` / `*splat`, `{...}`
optional parts, case-insensitive, a trailing slash allowed) for one request's walk through them. Which route
a front end's call reaches is `core.cors.route_match.reaches`'s to say, as for every backend."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .express_facts import UNKNOWN_PATH, ExpressFile, Handler, Layer

_MAX_MOUNTS = 4  # routers inside routers


@dataclass(frozen=True)
class Step:
    """A layer with its full path (None: every path)."""

    layer: Layer
    path: str | None
    handlers: tuple[Handler, ...]

    def matches(self, path: str) -> bool | None:
        """Whether the step runs for `path`; None when its path is not a literal."""
        if self.path is None:
            return True
        if UNKNOWN_PATH in self.path:
            return None
        pattern = _pattern(self.path, self.layer.route)
        return None if pattern is None else pattern.match(path) is not None


def app_stack(file: ExpressFile, app: str) -> list[Step]:
    return _spread(file, app, "", 0)


def _spread(file: ExpressFile, owner: str, prefix: str, depth: int) -> list[Step]:
    steps: list[Step] = []
    for layer in (layer for layer in file.layers if layer.owner == owner):
        path = _join(prefix, layer.path)
        waiting: list[Handler] = []
        for handler in layer.handlers:
            if handler.kind != "router" or depth >= _MAX_MOUNTS or layer.route:
                waiting.append(handler)
                continue
            if waiting:
                steps.append(Step(layer, path, tuple(waiting)))
                waiting = []
            steps += _spread(file, handler.router, path or "", depth + 1)
        if waiting or not layer.handlers:
            steps.append(Step(layer, path, tuple(waiting)))
    return steps


def _join(prefix: str, path: str | None) -> str | None:
    if path is None:
        return prefix or None
    if UNKNOWN_PATH in path or UNKNOWN_PATH in prefix:
        return UNKNOWN_PATH
    return (prefix.rstrip("/") + "/" + path.lstrip("/")).rstrip("/") or "/" if prefix else path


@lru_cache(maxsize=1024)
def _pattern(rule: str, whole: bool) -> re.Pattern[str] | None:
    """A route matches the whole path; a `use` matches a prefix ending at a slash."""
    out: list[str] = []
    for token in re.finditer(r":\w+\??|\*\w*|\{\*\w+\}|[{}]|[^:*{}]+", rule):
        text = token.group(0)
        if text.startswith(":"):
            out.append("[^/]+" if not text.endswith("?") else "[^/]*")
        elif text.startswith(("*", "{*")):
            out.append(".*")
        elif text == "{":
            out.append("(?:")
        elif text == "}":
            out.append(")?")
        else:
            out.append(re.escape(text))
    body = "".join(out).rstrip("/") if rule != "/" else ""
    try:
        return re.compile(f"^{body}/?$" if whole else f"^{body}(?:/|$)", re.IGNORECASE)
    except re.error:  # an unbalanced `{`
        return None
