"""The wiring of each Flask app across modules: its routes and its blueprints' (under their url prefix),
with the before_request and after_request lists Flask runs for each, in registration order
(`before_app_request` / `after_app_request` take their place in the app's lists when `register_blueprint()`
runs). Pure."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from .cors_facts import AfterRequestHook, BeforeRequestHook, CorsModule, CorsSetup, FlaskRoute, FlaskTarget

AfterItem = CorsSetup | AfterRequestHook


@dataclass
class Scaffold:
    """An app or blueprint with its request hooks in registration order."""

    target: FlaskTarget
    config_unknown: bool
    afters: list[AfterItem] = field(default_factory=list)
    befores: list[BeforeRequestHook] = field(default_factory=list)
    routes: list[FlaskRoute] = field(default_factory=list)


@dataclass(frozen=True)
class WiredRoute:
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
    """Every route of every app in `modules`."""
    for app, blueprints in _apps(modules):
        for route in app.routes:
            yield WiredRoute(route, route.rule, app, None)
        for blueprint, prefix in blueprints:
            for route in blueprint.routes:
                path = prefix.rstrip("/") + "/" + route.rule.lstrip("/") if prefix else route.rule
                yield WiredRoute(route, path, app, blueprint)


def _scaffolds(modules: Sequence[CorsModule]) -> dict[tuple[str, str], Scaffold]:
    scaffolds: dict[tuple[str, str], Scaffold] = {}
    for module in modules:
        for target in module.targets:
            scaffolds[(module.file, target.key)] = Scaffold(target, module.config_unknown)
        items: list[CorsSetup | AfterRequestHook | BeforeRequestHook | FlaskRoute] = [
            *module.setups,
            *module.hooks,
            *module.befores,
            *module.routes,
        ]
        for item in items:
            owner = scaffolds.get((module.file, item.target))
            if owner is None:
                continue
            if isinstance(item, FlaskRoute):
                owner.routes.append(item)
            elif isinstance(item, BeforeRequestHook):
                if not item.app_wide:
                    owner.befores.append(item)
            elif not (isinstance(item, AfterRequestHook) and item.app_wide):
                owner.afters.append(item)
    for scaffold in scaffolds.values():
        scaffold.afters.sort(key=lambda item: item.order)
        scaffold.befores.sort(key=lambda item: item.order)
    return scaffolds


def _apps(modules: Sequence[CorsModule]) -> list[tuple[Scaffold, list[tuple[Scaffold, str]]]]:
    scaffolds = _scaffolds(modules)
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
                blueprint = _find_blueprint(
                    scaffolds, modules, module.file, registration.blueprint, registration.imported_from
                )
                if blueprint is None:
                    continue
                blueprints.append((blueprint, registration.url_prefix or blueprint.target.url_prefix or ""))
                wide_afters, wide_befores = _app_wide(modules, blueprint.target)
                afters += [(registration.order, i + 1, hook) for i, hook in enumerate(wide_afters)]
                befores += [(registration.order, i + 1, hook) for i, hook in enumerate(wide_befores)]
            app.afters = [item for _, _, item in sorted(afters, key=lambda t: (t[0], t[1]))]
            app.befores = [item for _, _, item in sorted(befores, key=lambda t: (t[0], t[1]))]
            apps.append((app, blueprints))
    return apps


def _app_wide(
    modules: Sequence[CorsModule], blueprint: FlaskTarget
) -> tuple[list[AfterRequestHook], list[BeforeRequestHook]]:
    """The blueprint's after_app_request and before_app_request functions, in registration order."""
    mine = [m for m in modules if m.file == blueprint.file]
    afters = [h for m in mine for h in m.hooks if h.app_wide and h.target == blueprint.key]
    befores = [h for m in mine for h in m.befores if h.app_wide and h.target == blueprint.key]
    return sorted(afters, key=lambda h: h.order), sorted(befores, key=lambda h: h.order)


def _find_blueprint(
    scaffolds: dict[tuple[str, str], Scaffold], modules: Sequence[CorsModule], file: str, name: str, module: str | None
) -> Scaffold | None:
    if module is None:
        found = scaffolds.get((file, name))
        return found if found is not None and found.target.kind == "blueprint" else None
    stem = module.lstrip(".").rsplit(".", 1)[-1]
    candidates = [
        scaffolds[(m.file, name)]
        for m in modules
        if (m.file, name) in scaffolds
        and scaffolds[(m.file, name)].target.kind == "blueprint"
        and _module_stem(m.file) == stem
    ]
    return candidates[0] if len(candidates) == 1 else None


def _module_stem(file: str) -> str:
    base = os.path.splitext(os.path.basename(file))[0]
    return os.path.basename(os.path.dirname(file)) if base == "__init__" else base
