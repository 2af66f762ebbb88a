"""What the FastAPI / Starlette reader reads out of one Python file: apps and routers, their middleware in the
order it is added, routes, and the CORS headers middleware functions and routes write. Plain data;
`cors_routes` works out what each route sends."""

from __future__ import annotations

from msgspec import Struct

from ...core.model import Location


class Option(Struct, frozen=True):
    """One keyword option of `CORSMiddleware`: its literal value (lists as tuples), or `known` False."""

    name: str
    value: object
    known: bool
    location: Location  # the value expression


class CorsMiddlewareUse(Struct, frozen=True):
    """`app.add_middleware(CORSMiddleware, ...)` or `Middleware(CORSMiddleware, ...)`."""

    location: Location  # the call
    options: tuple[Option, ...]
    unknown_options: bool  # a `**kwargs` splat or positional options

    def option(self, name: str) -> Option | None:
        return next((option for option in self.options if option.name == name), None)


class HeaderWrite(Struct, frozen=True):
    """An `Access-Control-*` header a function writes on a response."""

    name: str  # lower case
    value: str | None  # the literal; None when not a literal (nor the request's origin)
    echo: bool  # the request's Origin (`request.headers.get("origin")`)
    mode: str  # "set" (replaces: `headers[...] = `), "add" (`append`), "default" (`setdefault`)
    location: Location  # the statement


class HttpMiddleware(Struct, frozen=True):
    """`@app.middleware("http")` (or `add_middleware(BaseHTTPMiddleware, dispatch=f)`): a function that
    sees every response, the preflight's too, on its way out."""

    name: str  # the function's name
    location: Location  # the decorator
    writes: tuple[HeaderWrite, ...]
    uncertain: bool  # writes in a branch, names not literal, or answers requests itself


class ClassMiddleware(Struct, frozen=True):
    """`add_middleware(SomeMiddleware, ...)` of another class: harmless to CORS unless it is one of the
    workspace's own classes mentioning Access-Control, or one that redirects or rejects requests."""

    name: str  # the class's name as imported or defined
    location: Location


Middleware = CorsMiddlewareUse | HttpMiddleware | ClassMiddleware


class Route(Struct, frozen=True):
    """`@app.get("/items")`, `@router.post(...)`, `@app.api_route(..., methods=[...])`."""

    owner: str  # the app's or router's variable name
    path: str
    methods: tuple[str, ...]
    location: Location  # the path argument
    function: str
    writes: tuple[HeaderWrite, ...]  # `JSONResponse(headers={...})`, `response.headers[...] = ...`
    uncertain: bool  # a header write not readable as a literal, or in a branch


class Owner(Struct, frozen=True):
    """`app = FastAPI(...)` / `Starlette(...)` or `router = APIRouter(prefix=...)`."""

    name: str
    kind: str  # "app" or "router"
    location: Location  # the call
    prefix: str | None  # APIRouter's prefix; None when not a literal
    # An app's middleware, outermost first: the constructor's `middleware=[...]` list comes last (innermost),
    # each `add_middleware` and `@app.middleware` goes in front of the others (Starlette's insert(0, ...)).
    middleware: tuple[Middleware, ...] = ()
    middleware_unknown: bool = False  # `middleware=` not a literal list, or added in a way not read


class Inclusion(Struct, frozen=True):
    """`app.include_router(router, prefix=...)`, `router.include_router(...)`."""

    owner: str
    router: str  # the local name (`router`, `items.router` as written)
    module: str | None  # where an imported router comes from (`app.routers.items`), None when local
    name: str  # its name in that module (`router`)
    prefix: str | None  # None when not a literal
    location: Location


class AsgiModule(Struct, frozen=True):
    """One Python file's FastAPI / Starlette apps, routers, routes and inclusions."""

    file: str
    owners: tuple[Owner, ...]
    routes: tuple[Route, ...]
    inclusions: tuple[Inclusion, ...]
    cors_classes: tuple[str, ...] = ()  # classes of this module whose body mentions Access-Control
    # Apps this module changes from outside their own module, whose answers reading cannot follow: a mounted
    # app's name (the outer app's middleware wraps it too), ANY_APP for middleware added to an app of another
    # module or a helper's parameter (`def setup_cors(app): app.add_middleware(...)`).
    elsewhere: tuple[str, ...] = ()


ANY_APP = "*"
