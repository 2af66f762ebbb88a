"""What the Flask CORS reader reads out of one Python file: flask-cors wiring, routes, hooks and header
writes. Plain data; `portlint.tools.flask.cors` works out what each route will send."""

from __future__ import annotations

from msgspec import Struct

from ...core.model import Location, Range


class CorsOption(Struct, frozen=True):
    """One keyword option of `CORS(...)`, `init_app(...)` or `@cross_origin(...)`.

    `value` is the literal Python value (lists become tuples, dicts tuples of pairs); `known` is False when
    the expression is not a literal (a variable, a call), and then `value` is None."""

    name: str
    value: object
    known: bool
    location: Location  # the value expression


class CorsSetup(Struct, frozen=True):
    """`CORS(target, ...)` or `ext.init_app(target, ...)`: flask-cors's after_request hook on `target`."""

    file: str
    location: Location  # the call
    target: str  # key of the app or blueprint object (see `FlaskTarget.key`)
    options: tuple[CorsOption, ...]
    unknown_options: bool  # a `**kwargs` splat or positional options: nothing certain about them
    order: int  # byte offset of the call: registration order within one file


class HeaderWrite(Struct, frozen=True):
    """One header set on a response in source: `headers.add`, `headers[...] =`, `Response(headers=...)`..."""

    name: str  # lower case
    value: str | None  # the literal value; None when not a literal
    echo: bool  # the value is the request's Origin (`request.origin`, `request.headers.get("Origin")`)
    mode: str  # "add" (appends), "set" (replaces), "default" (setdefault: only when absent)
    conditional: bool  # inside an `if`/`for`/`try`/...: maybe not on every response
    location: Location  # the value (or the call when the value is not written out)
    removal: Range | None = None  # whole lines a quick fix may delete; None when not removable alone
    keyed: bool = True  # named by a string ("Access-Control-Allow-Origin"), not an attribute


class AfterRequestHook(Struct, frozen=True):
    """A function registered with `@x.after_request`, `@bp.after_app_request` or `x.after_request(f)`."""

    file: str
    target: str
    app_wide: bool  # `after_app_request` on a blueprint: joins the app's list at register_blueprint()
    function: str
    location: Location  # the decorator or call
    writes: tuple[HeaderWrite, ...]
    opaque: bool  # writes headers we cannot name (a non-literal header name, `headers.update(var)`)
    order: int


class HookAnswer(Struct, frozen=True):
    """What a before_request function does with a request: lets it through (`kind` "pass"), answers it itself
    ("answer": it returns a response; "abort": it calls `abort(...)`), or something not written as a literal
    decides ("unknown")."""

    kind: str
    status: int | None = None  # the answer's status; None when not a literal
    location: Location | None = None  # the `return` or `abort(...)`


class BeforeRequestHook(Struct, frozen=True):
    """A function registered with `@x.before_request`, `@bp.before_app_request` or `x.before_request(f)`, and
    what it does with a CORS preflight (OPTIONS, no cookies, no Authorization) and with any other request."""

    file: str
    target: str
    app_wide: bool  # `before_app_request` on a blueprint: joins the app's list at register_blueprint()
    function: str
    location: Location  # the decorator or call
    preflight: HookAnswer
    request: HookAnswer
    order: int
    # For the views of its own file and target: (view function, rule, preflight answer, request answer), when
    # the function tests `request.endpoint` or `request.path`.
    by_view: tuple[tuple[str, str, HookAnswer, HookAnswer], ...] = ()

    def answers(self, route: FlaskRoute) -> tuple[HookAnswer, HookAnswer]:
        """(preflight answer, request answer) for a request to `route`."""
        if route.file == self.file and route.target == self.target:
            for function, rule, preflight, request in self.by_view:
                if (function, rule) == (route.function, route.rule):
                    return preflight, request
        return self.preflight, self.request


class FlaskRoute(Struct, frozen=True):
    """A view: `@x.route(rule, methods=...)`, `@x.get(rule)`, ..."""

    file: str
    target: str
    rule: str
    methods: tuple[str, ...] | None  # upper case as written; None when not literal
    location: Location  # the rule string
    function: str
    writes: tuple[HeaderWrite, ...]
    opaque: bool
    cross_origin: tuple[CorsOption, ...] | None  # options of `@cross_origin(...)`, None without one
    cross_origin_location: Location | None = None
    cross_origin_unknown: bool = False  # `@cross_origin(**opts)`


class FlaskTarget(Struct, frozen=True):
    """An app (`Flask(...)`) or blueprint (`Blueprint(...)`) object. Its key is the variable name, prefixed
    with the factory function's name when it is local to one: "app", "create_app:app", "bp"."""

    file: str
    key: str
    kind: str  # "app" | "blueprint"
    location: Location
    url_prefix: str | None = None
    prefix_unknown: bool = False  # `url_prefix=` is not a literal: its routes' paths are not known


class BlueprintRegistration(Struct, frozen=True):
    """`app.register_blueprint(bp, url_prefix=...)`; the blueprint may be imported from another module."""

    file: str
    app: str  # target key
    blueprint: str  # key in this file, or the imported name
    imported_from: str | None  # the module it is imported from ("routes", ".api.views"), None if local
    url_prefix: str | None
    location: Location
    order: int


class CorsModule(Struct, frozen=True):
    """The CORS-relevant wiring of one Python file."""

    file: str
    targets: tuple[FlaskTarget, ...] = ()
    setups: tuple[CorsSetup, ...] = ()
    hooks: tuple[AfterRequestHook, ...] = ()
    befores: tuple[BeforeRequestHook, ...] = ()
    routes: tuple[FlaskRoute, ...] = ()
    registrations: tuple[BlueprintRegistration, ...] = ()
    # `from X import name as local` of this file: (local, X, name), X "." for the package, ".api", "app.api";
    # to find an app or blueprint defined in another module (routes in `views.py` on `__init__.py`'s `api`).
    imports: tuple[tuple[str, str, str], ...] = ()
    # The app's config may carry CORS_* defaults (config.from_object(...), app.config["CORS_..."]): an
    # option not passed to CORS() explicitly is then unknown.
    config_unknown: bool = False
