"""An Express app's layers as its router walks them: routers mounted with `app.use('/api', router)` spread in
place with their prefix, each matched as Express matches it (express_paths.py), the matcher its CORS routes
also give the core for the front end's calls."""

from __future__ import annotations

from msgspec import Struct

from .express_facts import UNKNOWN_PATH, ExpressFile, Handler, Layer
from .express_paths import express_pattern

_MAX_MOUNTS = 4  # routers inside routers


class Step(Struct, frozen=True):
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
        pattern = express_pattern(self.path, self.layer.route)
        return None if pattern is None else pattern.match(path) is not None

    def reached_by(self, path: str) -> bool:
        """Whether a front end's request for `path` reaches this route (`CorsRoute.matches`)."""
        return self.matches(path) is True


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
