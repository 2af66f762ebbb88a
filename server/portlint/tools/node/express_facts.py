"""What an Express server's source says about its CORS answers, as written: the app's and routers' layers in
registration order, each with its handlers read as far as literals allow (a `cors(...)` call's options, a
function's header writes and early OPTIONS answer). Judged by express_cors.py."""

from __future__ import annotations

from msgspec import Struct, field

from ...core.model import Location, Range

ALLOW_ORIGIN = "access-control-allow-origin"
ALLOW_CREDENTIALS = "access-control-allow-credentials"
ALLOW_METHODS = "access-control-allow-methods"
ALLOW_HEADERS = "access-control-allow-headers"
DEFAULT_METHODS = "GET,HEAD,PUT,PATCH,POST,DELETE"  # cors()'s `methods` when not given
REFLECTED = "\0origin"  # a header value that is the request's own Origin (`req.headers.origin`)


class OriginTest(Struct, frozen=True):
    """One entry of cors()'s `origin: [...]`: an exact origin or a regular expression."""

    value: str
    regex: bool = False
    flags: str = ""


class CorsOptions(Struct, frozen=True):
    """A `cors({...})` call's options that decide its headers (the `cors` package 2.8's defaults)."""

    # "any" (`*`, the default), "fixed" (a string: sent whatever the request's origin), "match" (`tests`),
    # "reflect" (`true`), "off" (`false`: cors() does nothing)
    origin: str = "any"
    fixed: str = ""
    tests: tuple[OriginTest, ...] = ()
    methods: str = DEFAULT_METHODS
    allowed_headers: str | None = None  # None: the request's Access-Control-Request-Headers, reflected
    credentials: bool = False
    preflight_continue: bool = False
    success_status: int = 204


class HeaderWrite(Struct, frozen=True):
    """`res.header / res.set / res.setHeader / res.append(name, value)` with literal name and value."""

    name: str  # lower case
    values: tuple[str, ...]  # REFLECTED for the request's origin; several for an array
    append: bool  # res.append adds a line; the others replace the header
    location: Location
    removal: Range | None  # the statement's whole lines


class Handler(Struct, frozen=True):
    """One function a layer runs. `kind`:
    - "cors": the `cors` package's middleware (`options` None when they are not literal);
    - "function": a function of the file, read: header writes, then an OPTIONS answer, then `next()` or an end;
    - "pass": a well-known middleware that never answers a preflight nor writes CORS headers (express.json());
    - "router": an `express.Router()` of the file, by name;
    - "unknown": anything else (imported, computed): it may do anything.
    """

    kind: str
    location: Location
    what: str  # as written, shortened: "cors()", "allowCors", "express.json()"
    options: CorsOptions | None = None
    writes: tuple[HeaderWrite, ...] = ()
    options_writes: tuple[HeaderWrite, ...] = ()  # written only inside `if (req.method === 'OPTIONS')`
    options_status: int | None = None  # `if (req.method === 'OPTIONS') return res.sendStatus(N)`
    ends: int | None = None  # the status it always answers with; None: it calls next()
    router: str = ""
    hints_cors: bool = False  # an unknown handler whose name speaks of CORS or headers (`allowCrossDomain`)


class Layer(Struct, frozen=True):
    """`app.use([path,] ...)` (a prefix) or `app.METHOD(path, ...)` / `app.route(path).METHOD(...)`."""

    owner: str  # the app's or router's variable
    route: bool
    path: str | None  # None: every path (a use without one); "\0" when the path is not a literal
    methods: tuple[str, ...]  # a route's methods, upper case; () for use and app.all (every method)
    handlers: tuple[Handler, ...]
    location: Location  # the method word (`use`, `get`)
    conditional: bool = False  # registered inside an `if`, a loop or a ternary: maybe never


UNKNOWN_PATH = "\0"


class ExpressFile(Struct, frozen=True):
    """The Express apps of one file and their layers, in registration order."""

    path: str
    apps: tuple[str, ...]  # variables holding `express()`
    routers: tuple[str, ...]  # variables holding `express.Router()` / `Router()`
    layers: tuple[Layer, ...] = field(default=())
    handles_cors: bool = False  # requires `cors` or writes an Access-Control-* header somewhere
