"""What a FastAPI app sends to one cross-origin request: the preflight goes down the middleware stack until
the first CORSMiddleware answers it (none: FastAPI's 405), the request reaches its route and comes back up
through every middleware; on the way out each `@app.middleware("http")` function writes its headers. The
way out of each failure in FastAPI's terms."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ...core.codes import (
    CORS_CREDENTIALS_NOT_ALLOWED,
    CORS_DUPLICATE_ALLOW_ORIGIN,
    CORS_ORIGIN_NOT_ALLOWED,
    CORS_PREFLIGHT_FAILS,
    CORS_WILDCARD_WITH_CREDENTIALS,
)
from ...core.cors.exchange import Answer, CorsRequest, Header, Response, Source
from .asgi_facts import CorsMiddlewareUse, HeaderWrite, HttpMiddleware, Middleware, Route
from .starlette_cors import SAFELISTED_HEADERS, Preflight, StarletteCors, on_response, preflight, read_options

_CANONICAL = {"content-type": "Content-Type", "authorization": "Authorization"}
_SAFELISTED = frozenset(name.lower() for name in SAFELISTED_HEADERS)
Answerer = Callable[[CorsRequest], "Answer | None"]


class AppStack:
    """One app's middleware, outermost first, as far as reading can follow it."""

    def __init__(self, middleware: Sequence[Middleware], certain: bool) -> None:
        self.layers: list[StarletteCors | HttpMiddleware] = []
        self.certain = certain
        for entry in middleware:
            if isinstance(entry, CorsMiddlewareUse):
                options = read_options(entry)
                self.certain = self.certain and options is not None
                self.layers += [options] if options is not None else []
            elif isinstance(entry, HttpMiddleware):
                self.certain = self.certain and not entry.uncertain
                self.layers.append(entry)

    def expects_credentials(self) -> bool:
        return any(isinstance(layer, StarletteCors) and layer.credentials for layer in self.layers) or any(
            write.name == "access-control-allow-credentials" and write.value == "true"
            for layer in self.layers
            if isinstance(layer, HttpMiddleware)
            for write in layer.writes
        )

    def lists(self, origin: str) -> bool:
        """A CORSMiddleware names this origin (in `allow_origins` or by `allow_origin_regex`), not by `*`."""
        return any(
            isinstance(layer, StarletteCors) and layer.allows(origin) and not layer.allow_all_origins
            for layer in self.layers
        )

    def answerer(self, route: Route, same_path: Sequence[Route]) -> Answerer:
        def answer(request: CorsRequest) -> Answer | None:
            if not self.certain or route.uncertain:
                return None
            answered = self._preflight(request, route, same_path)
            if answered is None:
                return None
            response, failed = answered
            actual = self._response(request, route)
            first = next((layer for layer in self.layers if isinstance(layer, StarletteCors)), None)
            setup = first.setup if first is not None else None
            return Answer(response, actual, setup, _way_out(request, first, failed, actual))

        return answer

    def _preflight(
        self, request: CorsRequest, route: Route, same_path: Sequence[Route]
    ) -> tuple[Response, Preflight | None] | None:
        """The preflight's answer and, when a CORSMiddleware gave it, its verdict on the request."""
        outer: list[HttpMiddleware] = []
        for layer in self.layers:
            if isinstance(layer, HttpMiddleware):
                outer.append(layer)
                continue
            answered = preflight(layer, request.origin, request.method, request.unsafe_headers)
            lines = _through(list(answered.headers), outer[::-1], request.origin)
            return Response(tuple(lines), answered.status, answered.status_source), answered
        if any("OPTIONS" in other.methods for other in same_path):
            return None  # the app answers OPTIONS itself
        status_source = Source(route.location, f"no OPTIONS route for {route.function}: 405 Method Not Allowed")
        lines = _through([], outer[::-1], request.origin)
        return Response(tuple(lines), 405, status_source), None

    def _response(self, request: CorsRequest, route: Route) -> Response:
        lines = _written([], route.writes, request.origin, f"route {route.function}")
        for layer in reversed(self.layers):  # on the way out: innermost first
            if isinstance(layer, StarletteCors):
                lines = on_response(layer, lines, request.origin)
            else:
                lines = _written(lines, layer.writes, request.origin, f"middleware {layer.name}")
        return Response(tuple(lines))


def _through(lines: list[Header], middleware: Sequence[HttpMiddleware], origin: str) -> list[Header]:
    for layer in middleware:
        lines = _written(lines, layer.writes, origin, f"middleware {layer.name}")
    return lines


def _written(lines: list[Header], writes: Sequence[HeaderWrite], origin: str, what: str) -> list[Header]:
    """Header writes applied as Starlette's MutableHeaders does them."""
    for write in writes:
        value = origin if write.echo else write.value or ""
        header = Header(write.name, value, Source(write.location, what))
        present = any(line.name == write.name for line in lines)
        if write.mode == "set":
            lines = [line for line in lines if line.name != write.name] + [header]
        elif write.mode == "add" or not present:
            lines = [*lines, header]
    return lines


def _way_out(
    request: CorsRequest,
    cors: StarletteCors | None,
    failed: Preflight | None,
    actual: Response,
) -> dict[str, str]:
    origin = f'"{request.origin}"'
    if cors is None:
        add = _middleware_to_add(request)  # FastAPI answers the preflight 405 itself
        way_out = {CORS_ORIGIN_NOT_ALLOWED: add, CORS_PREFLIGHT_FAILS: add}
    else:
        way_out = {
            CORS_ORIGIN_NOT_ALLOWED: f"add {origin} to allow_origins",
            CORS_CREDENTIALS_NOT_ALLOWED: "set allow_credentials=True on CORSMiddleware",
        }
        if failed is not None and failed.failures:
            way_out[CORS_PREFLIGHT_FAILS] = _preflight_way_out(request, failed)
    writer = _writer(actual, "access-control-allow-origin")
    if writer is not None:
        way_out[CORS_DUPLICATE_ALLOW_ORIGIN] = f"drop the write in {writer}"
        way_out[CORS_WILDCARD_WITH_CREDENTIALS] = f"drop the `*` of {writer}" + ("" if cors else ", echo the Origin")
    elif cors is not None:
        way_out[CORS_WILDCARD_WITH_CREDENTIALS] = "set allow_credentials=True (Starlette then echoes the origin)"
    return way_out


def _middleware_to_add(request: CorsRequest) -> str:
    """The CORSMiddleware that lets this request through (its defaults allow GET and safelisted headers)."""
    options = []
    if request.method != "GET":
        options.append(f'allow_methods=["{request.method}"]')
    refused = [name for name in request.unsafe_headers if name not in _SAFELISTED]
    if refused:
        options.append("allow_headers=[" + ", ".join(f'"{_CANONICAL.get(n, n)}"' for n in refused) + "]")
    if request.credentials:
        options.append("allow_credentials=True")
    return "add CORSMiddleware for this origin" + (f" with {', '.join(options)}" if options else "")


def _preflight_way_out(request: CorsRequest, failed: Preflight) -> str:
    steps = []
    if "method" in failed.failures:
        steps.append(f'"{request.method}" to allow_methods')
    if "headers" in failed.failures:
        names = ", ".join(f'"{_CANONICAL.get(name, name)}"' for name in failed.refused_headers)
        steps.append(f"{names} to allow_headers")
    if "origin" in failed.failures:
        steps.append(f'"{request.origin}" to allow_origins')
    return "add " + " and ".join(steps)


def _writer(response: Response, name: str) -> str | None:
    """The middleware or route (not CORSMiddleware) that wrote the header, if one did."""
    return next((line.source.what for line in response.lines(name) if not line.source.what.startswith("CORS")), None)
