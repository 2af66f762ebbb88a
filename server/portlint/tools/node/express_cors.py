"""What a real Express app (4 / 5) with the `cors` package (2.8) answers to a cross-origin request, worked out
from its parsed layers (pure): the router walks the layers whose path matches in registration order; `cors()`
sets its headers with `setHeader` (replacing an earlier value) and ends a preflight itself (204) unless
`preflightContinue`; `res.header / res.set / res.setHeader` replace a header, `res.append` adds a line; an
OPTIONS request no layer answers gets Express's own 200 with `Allow` (no CORS headers), or 404 when no route
has the path. Whatever could change the answer and is not read (an imported middleware before the answer, a
`cors(...)` with options from a variable or a function, a path that is not a literal) makes it None.

An app says nothing unless its file handles CORS somewhere (requires `cors` or writes an
Access-Control-* header): an API without any CORS is often called through the front end's proxy."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence

from msgspec import Struct, field

from ...core.cors.browser import verdict
from ...core.cors.exchange import Answer, CorsRequest, CorsRoute, Header, Response, Source
from ...core.model import Claim, Role
from . import NAME
from .express_facts import (
    ALLOW_CREDENTIALS,
    ALLOW_HEADERS,
    ALLOW_METHODS,
    ALLOW_ORIGIN,
    REFLECTED,
    CorsOptions,
    ExpressFile,
    Handler,
    HeaderWrite,
)
from .express_stack import Step, app_stack
from .express_way_out import way_out

_ENDPOINT_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def express_cors_routes(facts: Sequence[object], claims: Sequence[Claim]) -> list[CorsRoute]:
    routes: list[CorsRoute] = []
    for file in (fact for fact in facts if isinstance(fact, ExpressFile)):
        for app in file.apps:
            routes += _routes(file, app, _port(file, claims))
    return routes


def _port(file: ExpressFile, claims: Sequence[Claim]) -> int | None:
    """The port the file's `.listen(...)` claims (its service is "node <the file>"), when it is one."""
    ports = {
        claim.port
        for claim in claims
        if claim.tool == NAME
        and claim.role is Role.LISTEN
        and file.path.replace(os.sep, "/").endswith("/" + claim.service.removeprefix("node ").split(" ")[0])
    }
    return ports.pop() if len(ports) == 1 else None


def _routes(file: ExpressFile, app: str, port: int | None) -> list[CorsRoute]:
    stack = app_stack(file, app)
    backend = f"the Express app in {os.path.basename(file.path)}"
    credentials = any(
        (handler.options is not None and handler.options.credentials)
        or any(write.name == ALLOW_CREDENTIALS and write.values == ("true",) for write in handler.writes)
        for step in stack
        for handler in step.handlers
    )
    routes: list[CorsRoute] = []
    for step in stack:
        if step.layer.route and step.path is not None and step.matches(step.path) and not step.layer.conditional:
            methods = tuple(method for method in step.layer.methods if method != "OPTIONS")  # preflights' own
            if not methods:
                continue
            judge = _Judge(stack)
            location = step.layer.location
            routes.append(CorsRoute(step.path, methods, location, backend, judge, credentials, port, step.reached_by))
    return routes


class _Judge(Struct, frozen=True):
    stack: list[Step]

    def __call__(self, request: CorsRequest) -> Answer | None:
        response = _Walk(self.stack, request, request.method).run()
        if response is None:
            return None
        preflight = _Walk(self.stack, request, "OPTIONS").run() if request.needs_preflight else _Ran()
        if preflight is None:
            return None
        ran = preflight.cors or response.cors or preflight.manual or response.manual
        setup = Source(ran.location, ran.what) if ran is not None else None
        answer = Answer(preflight.response(), response.response(), setup)
        judged = verdict(request, answer)
        if judged is None:
            return answer
        said = way_out(judged, request, preflight if judged.preflight else response, self.stack)
        return Answer(answer.preflight, answer.response, setup, {judged.code: said} if said else {})


class _Ran(Struct):
    """One request walked through the app: the headers set, the status it ended with, who answered."""

    headers: list[Header] = field(default_factory=list)
    status: int = 200
    status_source: Source | None = None
    cors: Handler | None = None  # the first cors() that ran
    manual: Handler | None = None  # the first function that wrote an Access-Control-* header
    ended: bool = False
    route_step: Step | None = None  # the route whose path matched (for a preflight: any method)

    def response(self) -> Response:
        return Response(tuple(self.headers), self.status, self.status_source)

    def put(self, name: str, values: Sequence[str], source: Source, *, append: bool = False) -> None:
        if not append:
            self.headers = [header for header in self.headers if header.name != name]
        self.headers += [Header(name, value, source) for value in values]

    def end(self, status: int, source: Source) -> None:
        self.ended, self.status, self.status_source = True, status, source


class _Uncertain(Exception):
    pass


class _Walk:
    def __init__(self, stack: list[Step], request: CorsRequest, method: str) -> None:
        self.stack, self.request, self.method = stack, request, method
        self.ran = _Ran()

    def run(self) -> _Ran | None:
        try:
            self._layers()
        except _Uncertain:
            return None
        return self.ran

    def _layers(self) -> None:
        allowed: list[str] = []
        for step in self.stack:
            matched = step.matches(self.request.path)
            if matched is None or (matched and step.layer.conditional):
                raise _Uncertain
            if not matched:
                continue
            layer = step.layer
            if layer.route and layer.methods and not self._serves(layer.methods):
                allowed += layer.methods
                self.ran.route_step = self.ran.route_step or step
                continue
            if layer.route:
                self.ran.route_step = step
            for index, handler in enumerate(step.handlers):
                last = layer.route and index == len(step.handlers) - 1
                self._handler(handler, layer.route, last)
                if self.ran.ended:
                    return
        if self.method == "OPTIONS":  # Express's own answer: 200 with Allow when a route has the path
            where = self.ran.route_step.layer.location if self.ran.route_step else None
            status = 200 if allowed else 404
            if where is not None:
                self.ran.end(status, Source(where, "Express's automatic OPTIONS answer"))
            else:
                self.ran.ended, self.ran.status = True, status

    def _serves(self, methods: tuple[str, ...]) -> bool:
        return self.method in methods or (self.method == "HEAD" and "GET" in methods)

    def _handler(self, handler: Handler, in_route: bool, last: bool) -> None:
        kind = handler.kind
        if kind == "pass":
            return
        if kind == "cors":
            self._cors(handler)
        elif kind == "function":
            self._function(handler)
        elif self.method != "OPTIONS" and not handler.hints_cors and (in_route or self.ran.cors is not None):
            # A route's own handler or middleware not read (imported, or branching), or any middleware after
            # cors() has set its headers (a rate limiter, an auth check): taken to write no CORS header of its
            # own; a route's last one answers the request.
            if in_route and last and self.method in _ENDPOINT_METHODS:
                self.ran.end(200, Source(handler.location, handler.what))
        else:
            raise _Uncertain

    def _function(self, handler: Handler) -> None:
        for write in handler.writes:
            self._write(write, handler)
        if self.method == "OPTIONS" and handler.options_status is not None:
            for write in handler.options_writes:
                self._write(write, handler)
            self.ran.end(handler.options_status, Source(handler.location, handler.what))
        elif handler.ends is not None:
            self.ran.end(handler.ends, Source(handler.location, handler.what))

    def _write(self, write: HeaderWrite, handler: Handler) -> None:
        if write.name.startswith("access-control-") and self.ran.manual is None:
            self.ran.manual = handler
        values = [self.request.origin if value == REFLECTED else value for value in write.values]
        what = f"res.{'append' if write.append else 'header'}('{write.name}') in {handler.what}"
        self.ran.put(write.name, values, Source(write.location, what, write.removal), append=write.append)

    def _cors(self, handler: Handler) -> None:
        options = handler.options
        if options is None:
            raise _Uncertain
        if options.origin == "off":
            return
        self.ran.cors = self.ran.cors or handler
        source = Source(handler.location, handler.what)
        origin = _allowed_origin(options, self.request.origin)
        if origin:
            self.ran.put(ALLOW_ORIGIN, [origin], source)
        if options.credentials:
            self.ran.put(ALLOW_CREDENTIALS, ["true"], source)
        if self.method != "OPTIONS":
            return
        if options.methods:
            self.ran.put(ALLOW_METHODS, [options.methods], source)
        headers = options.allowed_headers
        if headers is None:  # reflected: the preflight's Access-Control-Request-Headers
            headers = ",".join(self.request.unsafe_headers)
        if headers:
            self.ran.put(ALLOW_HEADERS, [headers], source)
        if not options.preflight_continue:
            self.ran.end(options.success_status, source)


def _allowed_origin(options: CorsOptions, origin: str) -> str:
    """cors()'s Access-Control-Allow-Origin for a request from `origin`; "" for none."""
    if options.origin == "any":
        return "*"
    if options.origin == "fixed":
        return options.fixed
    if options.origin == "reflect":
        return origin
    for test in options.tests:
        if not test.regex and test.value == origin:
            return origin
        if test.regex:
            try:
                pattern = re.compile(test.value, re.IGNORECASE if "i" in test.flags else 0)
            except re.error as error:
                raise _Uncertain from error
            if pattern.search(origin):
                return origin
    return ""
