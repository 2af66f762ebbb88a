"""The wiring of each Flask app across modules: its routes and its blueprints' (under their url prefix),
with the before_request and after_request lists Flask runs for each, in registration order
(`before_app_request` / `after_app_request` take their place in the app's lists when `register_blueprint()`
runs). Pure."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence

from msgspec import Struct, field

from .cors_facts import AfterRequestHook, BeforeRequestHook, CorsModule, CorsSetup, FlaskRoute, FlaskTarget

AfterItem = CorsSetup | AfterRequestHook


class Scaffold(Struct):
    """An app or blueprint with its request hooks in registration order."""

    target: FlaskTarget
    config_unknown: bool
    afters: list[AfterItem] = field(default_factory=list)
    befores: list[BeforeRequestHook] = field(default_factory=list)
    routes: list[FlaskRoute] = field(default_factory=list)
    # a blueprint's after_app_request / before_app_request functions: they join the app's lists
    wide_afters: list[AfterRequestHook] = field(default_factory=list)
    wide_befores: list[BeforeRequestHook] = field(default_factory=list)


class WiredRoute(Struct, frozen=True):
    """A route with everything Flask runs around it."""

    route: FlaskRoute
    path: str  # the rule under the blueprint's url prefix
    app: Scaffold
    blueprint: Scaffold | None

    @property
    def befores(self) -> list[BeforeRequestHook]:
        """In the order Flask calls them: the app's, then the blueprint's."""
        return self.app.befores + (self.blueprint.befores if self.blueprint is not None else [])

    @property
    def afters(self) -> list[AfterItem]:
        """In the order Flask calls them: the blueprint's, then the app's, each list reversed."""
        own = list(reversed(self.blueprint.afters)) if self.blueprint is not None else []
        return own + list(reversed(self.app.afters))


def wired_routes(modules: Sequence[CorsModule]) -> Iterator[WiredRoute]:
    """Every route of every app in `modules`; none when a hook or CORS() that may matter is on an object
    that is not a known app or blueprint (`current_app`, an app `create_app()` returned elsewhere): which
    routes it reaches is not known."""
    scaffolds, stray = _scaffolds(modules)
    if stray:
        return
    for app, blueprints in _apps(modules, scaffolds):
        for route in app.routes:
            yield WiredRoute(route, route.rule, app, None)
        for blueprint, prefix in blueprints:
            for route in blueprint.routes:
                path = prefix.rstrip("/") + "/" + route.rule.lstrip("/") if prefix else route.rule
                yield WiredRoute(route, path, app, blueprint)


def _scaffolds(modules: Sequence[CorsModule]) -> tuple[dict[tuple[str, str], Scaffold], bool]:
    """Every app and blueprint with what is registered on it, and whether something that may matter is
    registered on an object that is neither."""
    scaffolds = {(m.file, t.key): Scaffold(t, m.config_unknown) for m in modules for t in m.targets}
    stray = False
    for module in modules:
        items: list[CorsSetup | AfterRequestHook | BeforeRequestHook | FlaskRoute] = [
            *module.setups,
            *module.hooks,
            *module.befores,
            *module.routes,
        ]
        imports = _imports(module)
        for item in items:
            owner = scaffolds.get((module.file, item.target)) or _imported(scaffolds, module.file, item.target, imports)
            if owner is None:
                stray = stray or _matters(item)
            elif isinstance(item, FlaskRoute):
                owner.routes.append(item)
            elif isinstance(item, BeforeRequestHook):
                (owner.wide_befores if item.app_wide else owner.befores).append(item)
            elif isinstance(item, AfterRequestHook) and item.app_wide:
                owner.wide_afters.append(item)
            else:
                owner.afters.append(item)
    for scaffold in scaffolds.values():
        scaffold.routes.sort(key=lambda route: (route.file, route.location.range.start.line))
        for hooks in (scaffold.afters, scaffold.befores, scaffold.wide_afters, scaffold.wide_befores):
            hooks.sort(key=lambda item: (item.file, item.order))
    return scaffolds, stray


def _matters(item: CorsSetup | AfterRequestHook | BeforeRequestHook | FlaskRoute) -> bool:
    if isinstance(item, AfterRequestHook):
        return item.opaque or bool(item.writes)
    if isinstance(item, BeforeRequestHook):
        return item.preflight.kind != "pass" or item.request.kind != "pass"
    return isinstance(item, CorsSetup)


def _apps(
    modules: Sequence[CorsModule], scaffolds: dict[tuple[str, str], Scaffold]
) -> list[tuple[Scaffold, list[tuple[Scaffold, str]]]]:
    apps: list[tuple[Scaffold, list[tuple[Scaffold, str]]]] = []
    for module in modules:
        for target in module.targets:
            if target.kind != "app":
                continue
            app = scaffolds[(module.file, target.key)]
            blueprints: list[tuple[Scaffold, str]] = []
            afters: list[tuple[int, int, AfterItem]] = [(item.order, 0, item) for item in app.afters]
            befores: list[tuple[int, int, BeforeRequestHook]] = [(item.order, 0, item) for item in app.befores]
            for registration in module.registrations:
                if registration.app != target.key:
                    continue
                blueprint = _find_blueprint(scaffolds, module.file, registration.blueprint, _imports(module))
                if blueprint is None or (registration.url_prefix is None and blueprint.target.prefix_unknown):
                    continue
                blueprints.append((blueprint, registration.url_prefix or blueprint.target.url_prefix or ""))
                afters += [(registration.order, i + 1, hook) for i, hook in enumerate(blueprint.wide_afters)]
                befores += [(registration.order, i + 1, hook) for i, hook in enumerate(blueprint.wide_befores)]
            app.afters = [item for _, _, item in sorted(afters, key=lambda t: (t[0], t[1]))]
            app.befores = [item for _, _, item in sorted(befores, key=lambda t: (t[0], t[1]))]
            apps.append((app, blueprints))
    return apps


def _imports(module: CorsModule) -> dict[str, tuple[str, str]]:
    return {local: (source, name) for local, source, name in module.imports}


def _find_blueprint(
    scaffolds: dict[tuple[str, str], Scaffold], file: str, local: str, imports: dict[str, tuple[str, str]]
) -> Scaffold | None:
    found = scaffolds.get((file, local)) or _imported(scaffolds, file, local, imports)
    return found if found is not None and found.target.kind == "blueprint" else None


def _imported(
    scaffolds: dict[tuple[str, str], Scaffold], file: str, local: str, imports: dict[str, tuple[str, str]]
) -> Scaffold | None:
    """The app or blueprint `local` that `file` imports (`from . import api`, `from .api import api as bp`,
    `from app.api import api`), when exactly one module of the workspace can be it."""
    if local not in imports:
        return None
    module, name = imports[local]
    dots = len(module) - len(module.lstrip("."))
    parts = [part for part in module.lstrip(".").split(".") if part]
    if dots:
        base = os.path.dirname(file)
        for _ in range(dots - 1):
            base = os.path.dirname(base)
        stem = os.path.join(base, *parts)
        candidates = [(f"{stem}.py", name), (os.path.join(stem, "__init__.py"), name)]
        found = [scaffolds[c] for c in candidates if c in scaffolds]
    else:
        tail = os.path.join(*parts) if parts else ""
        endings = (os.sep + tail + ".py", os.sep + os.path.join(tail, "__init__.py"))
        found = [s for (path, key), s in scaffolds.items() if key == name and tail and path.endswith(endings)]
    return found[0] if len(found) == 1 else None
