"""FastAPI / Starlette apps → the routes that answer cross-origin requests, each able to work out what it
sends: its app's middleware stack (outermost first) wrapped around the route's own response. Only apps with
some CORS handling (a CORSMiddleware, a middleware or route writing Access-Control headers) are judged;
anything that decides an answer and is not a literal makes the answer None (no finding). An app whose CORS
lists one front end's origin is not meant for the others: requests from those are judged only when a call of
their code is known, never assumed. (Which requests are same-origin through a dev proxy is the planner's:
core/cors/plan.py.)"""

from __future__ import annotations

import os
from collections.abc import Sequence

from msgspec import Struct

from ...core.cors.exchange import Answer, CorsRequest, CorsRoute
from ...core.cors.findings import dev_origins
from ...core.model import Claim
from .asgi_facts import ANY_APP, AsgiModule, ClassMiddleware, CorsMiddlewareUse, HttpMiddleware, Inclusion, Owner, Route
from .cors_answers import Answerer, AppStack

# Middleware classes that answer requests themselves (a redirect, a 400 for another Host): not followed.
_ANSWERING_CLASSES = frozenset({"HTTPSRedirectMiddleware", "TrustedHostMiddleware"})
_MAX_NESTING = 4  # routers including routers


class _Workspace(Struct, frozen=True):
    modules: list[AsgiModule]
    cors_classes: set[str]  # the project's middleware classes that mention Access-Control
    pages: set[str]  # the origins of its front ends' dev servers


class _Mounted(Struct, frozen=True):
    route: Route
    path: str  # with every prefix on the way to the app


def fastapi_cors_routes(facts: Sequence[object], claims: Sequence[Claim]) -> list[CorsRoute]:
    modules = [fact for fact in facts if isinstance(fact, AsgiModule)]
    cors_classes = {name for module in modules for name in module.cors_classes}
    elsewhere = {name for module in modules for name in module.elsewhere}
    if ANY_APP in elsewhere:
        return []  # middleware added where reading cannot tell to which app
    workspace = _Workspace(modules, cors_classes, {o.origin for o in dev_origins(claims)})
    routes: list[CorsRoute] = []
    for module in modules:
        for app in module.owners:
            if app.kind == "app" and app.name not in elsewhere:
                routes += _app_routes(module, app, workspace)
    return routes


def _not_assumed_from(answer: Answerer, origins: set[str]) -> Answerer:
    """No answer to a request only assumed (no call of the front end's code known) from these origins."""
    if not origins:
        return answer

    def judged(request: CorsRequest) -> Answer | None:
        return None if request.call is None and request.origin in origins else answer(request)

    return judged


def _app_routes(module: AsgiModule, app: Owner, workspace: _Workspace) -> list[CorsRoute]:
    """The app's routes. When the app's CORS lists some of the workspace's dev origins (`pages`), the others
    are another front end's: requests from those are judged only when a call of the front end's code is known."""
    mounted = _mounted(module, app.name, "", workspace.modules, 0)
    handles_cors = any(isinstance(entry, CorsMiddlewareUse) for entry in app.middleware) or any(
        isinstance(entry, HttpMiddleware) and entry.writes for entry in app.middleware
    )
    judged = [m for m in mounted if handles_cors or m.route.writes]
    if not judged:
        return []
    certain = not app.middleware_unknown and not any(
        isinstance(entry, ClassMiddleware)
        and (entry.name in workspace.cors_classes or entry.name in _ANSWERING_CLASSES)
        for entry in app.middleware
    )
    stack = AppStack(app.middleware, certain)
    backend = f"the FastAPI app in {os.path.basename(module.file)}"
    credentials = stack.expects_credentials()
    meant = {page for page in workspace.pages if stack.lists(page)}
    unjudged = workspace.pages - meant if meant else set()
    return [
        CorsRoute(
            m.path,
            m.route.methods,
            m.route.location,
            backend,
            _not_assumed_from(stack.answerer(m.route, [o.route for o in mounted if o.path == m.path]), unjudged),
            credentials,
        )
        for m in judged
    ]


def _mounted(module: AsgiModule, owner: str, prefix: str, modules: list[AsgiModule], depth: int) -> list[_Mounted]:
    """The routes of `owner` in `module` and of the routers it includes, with their full paths."""
    if depth > _MAX_NESTING:
        return []
    own = next((o for o in module.owners if o.name == owner), None)
    if own is None:
        return []
    if own.kind == "router" and own.prefix is None:
        return []  # a prefix read at run time: the paths are unknown
    base = prefix + (own.prefix or "" if own.kind == "router" else "")
    found = [_Mounted(route, base + route.path) for route in module.routes if route.owner == owner]
    for inclusion in module.inclusions:
        if inclusion.owner != owner or inclusion.prefix is None:
            continue
        located = _router_module(module, inclusion, modules)
        if located is not None:
            found += _mounted(located, inclusion.name, base + inclusion.prefix, modules, depth + 1)
    return found


def _router_module(module: AsgiModule, inclusion: Inclusion, modules: list[AsgiModule]) -> AsgiModule | None:
    """The module defining the included router: this one, or the one file whose path ends as its import names
    (`from .routers import items` … `items.router` → …/routers/items.py)."""
    if inclusion.module is None:
        return module
    tail = os.sep + inclusion.module.replace(".", os.sep)
    candidates = [
        other
        for other in modules
        if (other.file.endswith(tail + ".py") or other.file.endswith(tail + os.sep + "__init__.py"))
        and any(owner.name == inclusion.name and owner.kind == "router" for owner in other.owners)
    ]
    return candidates[0] if len(candidates) == 1 else None
