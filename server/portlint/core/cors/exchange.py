"""The data a CORS verdict is drawn from: a cross-origin request of the front end, a backend route and the
responses that route gives to the preflight and to the request itself."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from msgspec import Struct, field

from ..model import Location, Range

SIMPLE_METHODS = frozenset({"GET", "HEAD", "POST"})  # never need Access-Control-Allow-Methods


class Source(Struct, frozen=True):
    """Who decides a header or a status, in the backend's source."""

    location: Location
    what: str  # in words: "CORS(app)", "CORSMiddleware", "cors()", "after_request add_cors", "view index"
    removal: Range | None = None  # whole lines a quick fix may delete (a manual header write alone)


class Header(Struct, frozen=True):
    """One header line of a response. Several lines of one name are several `Header`s, in order."""

    name: str  # lower case
    value: str
    source: Source


class Response(Struct, frozen=True):
    """What one response carries that the browser's CORS checks read."""

    headers: tuple[Header, ...] = ()
    status: int = 200
    status_source: Source | None = None  # who answers with a status other than the route's own (a hook's 401)

    def lines(self, name: str) -> list[Header]:
        return [header for header in self.headers if header.name == name]

    def listed(self, name: str) -> list[str]:
        """The comma-separated values of every `name` line, trimmed (Allow-Methods / Allow-Headers)."""
        return [item.strip() for header in self.lines(name) for item in header.value.split(",") if item.strip()]


class CorsRequest(Struct, frozen=True):
    """A cross-origin request a page of the front end makes (or, with `call` None, would typically make)."""

    origin: str  # "http://localhost:4200", as the browser sends it
    origin_at: Location  # where the front end's dev server port is written
    method: str  # upper case
    path: str  # the URL path the page requests ("/api/items")
    # Request headers that are not CORS-safelisted, lower case: a JSON body's `content-type`, `authorization`...
    unsafe_headers: tuple[str, ...] = ()
    credentials: bool = False  # cookies / HTTP auth are sent (`credentials: 'include'`, `withCredentials`)
    call: Location | None = None  # the front-end line making it; None when assumed from the route alone
    described: str = ""  # how the finding names the call ("the JSON POST in api.service.ts")
    origin_described: str = "the dev server"  # "the Angular dev server", "the Vite dev server"

    @property
    def needs_preflight(self) -> bool:
        return self.method not in SIMPLE_METHODS or bool(self.unsafe_headers)


class Answer(Struct, frozen=True):
    """What the backend sends for one request: the preflight (OPTIONS) and the request itself."""

    preflight: Response
    response: Response
    # Where the route's CORS handling is configured (the `CORS(...)` call, the middleware): a finding about a
    # header that is missing goes there; None when nothing on the route handles CORS (the finding goes on the
    # route).
    setup: Source | None = None
    # The backend's own way out per finding code, in its terms ("add `PUT` to methods=[...]").
    way_out: Mapping[str, str] = field(default_factory=dict)


class CorsRoute(Struct, frozen=True):
    """A route of a backend that can answer cross-origin requests."""

    path: str  # the route's rule as written ("/api/items/<int:id>", "/items/{id}", "/users/:id")
    methods: tuple[str, ...]  # the methods it serves, upper case
    location: Location  # the route's definition
    backend: str  # in words: "the Flask app in app.py", "the FastAPI app in main.py"
    # The answer to a request; None when something not written as a literal decides it (no verdict then).
    answer: Callable[[CorsRequest], Answer | None]
    # Whether the backend says cross-origin requests bring credentials (`supports_credentials=True`,
    # `allow_credentials=True`): requests assumed without a front-end call then send them.
    expects_credentials: bool = False
    port: int | None = None  # the port it is served on, when known
    # The backend's own matching of a request path (`route_match.Matcher`), where it is not werkzeug's or
    # Starlette's (`route_match.reaches` matches those from `path`).
    matches: Callable[[str], bool] | None = None
