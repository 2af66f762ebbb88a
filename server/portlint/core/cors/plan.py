"""Which cross-origin requests the front ends really make, from their calls (`calls.BrowserCall`), their dev
origins and their dev proxies — what the CORS findings judge.

The browser applies CORS only across origins (the Fetch standard: same scheme, host and port is one origin).
So: a relative URL (`/api/items`) goes to the page's own origin — the dev server, whose proxy forwards it
when it covers the path — and is never a CORS request; an absolute URL to a local port a backend listens on
is one, from the front end's origin, to the route it reaches. A front end whose code or dev proxy shows how
it talks to the backend is judged by its calls alone; one with neither (its calls are in files portlint does
not read) gets the requests a single-page app typically sends (`findings.assumed_requests`), as warnings."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from enum import Enum
from urllib.parse import urlsplit

from msgspec import Struct, field

from ..addresses import is_local_target
from ..facts import DotenvFile
from ..model import Claim, Part, Role
from ..paths import relative
from .calls import RUN_TIME, BrowserCall, ClientValue, Named, UrlTemplate
from .exchange import CorsRequest, CorsRoute
from .findings import DevOrigin, assumed_requests, dev_origins
from .route_match import RUN_TIME_MARK, reaches, request_path

# The env files a front end's build reads in development, first wins: Vite (`.env.[mode].local` >
# `.env.[mode]` > `.env.local` > `.env`), and Create React App / Next.js (`.env.development.local` >
# `.env.local` > `.env.development` > `.env`), told apart by the variable's public prefix.
_VITE_ENV_FILES = (".env.development.local", ".env.development", ".env.local", ".env")
_OTHER_ENV_FILES = (".env.development.local", ".env.local", ".env.development", ".env")
# Angular's environment files, the one `ng serve` uses first (its development configuration's
# fileReplacements swap environment.development.ts in; older projects serve environment.ts itself).
_ENVIRONMENT_FILES = ("environment.development.ts", "environment.dev.ts", "environment.ts")
# Folders of a front end's tree whose code runs on a server (API routes, functions), not in the page.
_SERVER_FOLDERS = frozenset({"api", "server", "backend", "functions", "netlify", "server-side"})
_DEFAULT_PORTS = {"http": 80, "https": 443}
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_HTTP_URL = re.compile(r"(?P<origin>(?i:https?)://(?P<authority>[^/?#]*))(?P<path>.*)", re.DOTALL)


class Fate(str, Enum):
    """Where a call's request goes, as the browser sees it."""

    SAME_ORIGIN = "same-origin"  # a relative URL or the page's own origin: the dev server (or its proxy)
    CROSS_ORIGIN = "cross-origin"  # a local backend's port: CORS applies
    ELSEWHERE = "elsewhere"  # another site, or a local port no backend of the workspace listens on
    UNKNOWN = "unknown"  # the URL's origin, or the method, is only known at run time


class PlannedCall(Struct, frozen=True):
    call: BrowserCall
    fate: Fate
    port: int | None = None  # CROSS_ORIGIN: the backend's port
    path: str = ""  # CROSS_ORIGIN: the URL's path, run-time parts marked


class FrontEnd(Struct):
    """One front end: the folder its dev server serves, its origins, and what shows how it reaches APIs."""

    folder: str
    origins: list[DevOrigin] = field(default_factory=list)
    proxied: bool = False  # its dev server has a proxy
    calls: list[PlannedCall] = field(default_factory=list)

    @property
    def judged_by_calls(self) -> bool:
        return self.proxied or bool(self.calls)


class CallValues(Struct, frozen=True):
    """The values the build fills a call's URL with: env files' variables and Angular's environment members."""

    dotenvs: Mapping[str, DotenvFile]  # by path
    environment: Mapping[str, dict[str, str]]  # environment file path -> member name -> value

    @staticmethod
    def of(facts: Iterable[object]) -> CallValues:
        dotenvs: dict[str, DotenvFile] = {}
        environment: dict[str, dict[str, str]] = {}
        for fact in facts:
            if isinstance(fact, DotenvFile):
                dotenvs[fact.path] = fact
            elif isinstance(fact, ClientValue):
                environment.setdefault(fact.file, {})[fact.name] = fact.value
        return CallValues(dotenvs, environment)

    def value(self, name: str, front_end: str, call_file: str) -> str | None:
        if name.startswith("env:"):
            variable = name[4:]
            order = _VITE_ENV_FILES if variable.startswith("VITE_") else _OTHER_ENV_FILES
            for env_file in order:
                found = self.dotenvs.get(os.path.join(front_end, env_file))
                if found is not None and variable in found.values:
                    return found.values[variable].text
            return None
        return self._environment(name, call_file)

    def _environment(self, name: str, call_file: str) -> str | None:
        """The member in the environment file `ng serve` uses, in the nearest `environments/` above the call."""
        folder = os.path.dirname(call_file)
        while True:
            candidates = [os.path.join(folder, "environments", file) for file in _ENVIRONMENT_FILES]
            served = next((path for path in candidates if path in self.environment), None)
            if served is not None:
                return self.environment[served].get(name)
            parent = os.path.dirname(folder)
            if parent == folder:
                return None
            folder = parent


class RequestPlan:
    """The requests each route gets from the front ends (`findings.Requests`)."""

    def __init__(self, front_ends: list[FrontEnd], backend_ports: frozenset[int], root: str) -> None:
        self.front_ends = front_ends
        self.backend_ports = backend_ports
        self.root = root
        # Origins whose pages are known to be judged by their calls: a second way of starting the same dev
        # server (a script in another folder) does not bring assumed requests back for them.
        self.known = {o.origin for front_end in front_ends if front_end.judged_by_calls for o in front_end.origins}

    def __call__(self, route: CorsRoute) -> list[CorsRequest]:
        requests: list[CorsRequest] = []
        for front_end in self.front_ends:
            if not front_end.judged_by_calls:
                requests += assumed_requests(self._unknown(front_end.origins))(route)
                continue
            for planned in front_end.calls:
                if self._reaches(planned, route.path, route.methods, route.port, route.matches):
                    requests += [self._request(planned, origin, route) for origin in front_end.origins]
        return requests

    def judges(self, origin: str, path: str, method: str) -> bool:
        """Whether a request from `origin` to a route of a backend (its port unknown) is to be judged."""
        for front_end in self.front_ends:
            if origin not in (each.origin for each in front_end.origins):
                continue
            if not front_end.judged_by_calls and origin not in self.known:
                return True
            if any(self._reaches(planned, path, (method,), None) for planned in front_end.calls):
                return True
        return False

    def _unknown(self, origins: list[DevOrigin]) -> list[DevOrigin]:
        return [origin for origin in origins if origin.origin not in self.known]

    def _reaches(
        self,
        planned: PlannedCall,
        rule: str,
        methods: Sequence[str],
        port: int | None,
        matches: Callable[[str], bool] | None = None,
    ) -> bool:
        if planned.fate is not Fate.CROSS_ORIGIN or planned.call.method not in methods:
            return False
        if port is not None and planned.port != port:
            return False
        if port is None and planned.port not in self.backend_ports:
            return False
        return reaches(rule, planned.path, matches)

    def _request(self, planned: PlannedCall, origin: DevOrigin, route: CorsRoute) -> CorsRequest:
        call = planned.call
        method = call.method or "GET"
        return CorsRequest(
            origin.origin,
            origin.location,
            method,
            request_path(planned.path),
            call.unsafe_headers,
            call.credentials,
            call.location,
            f"the {method} in {relative(call.file, self.root)}",
            origin.described,
        )


def plan_requests(
    calls: Iterable[BrowserCall],
    values: CallValues,
    claims: Sequence[Claim],
    root: str,
    route_ports: Iterable[int] = (),
) -> RequestPlan:
    """Which requests the front ends of the workspace make to its backends."""
    backend_ports = frozenset(
        {c.port for c in claims if c.part is Part.BACKEND and c.role is Role.LISTEN} | set(route_ports)
    )
    front_ends = _front_ends(claims)
    for call in calls:
        owner = _owner(call.file, front_ends)
        if owner is None or _runs_on_server(call.file, owner.folder):
            continue
        owner.calls.append(_plan(call, owner, values, backend_ports))
    return RequestPlan(front_ends, backend_ports, root)


def plan_from_facts(
    facts: Sequence[object], claims: Sequence[Claim], root: str, route_ports: Iterable[int] = ()
) -> RequestPlan:
    calls = [fact for fact in facts if isinstance(fact, BrowserCall)]
    return plan_requests(calls, CallValues.of(facts), claims, root, route_ports)


def _front_ends(claims: Sequence[Claim]) -> list[FrontEnd]:
    by_folder: dict[str, FrontEnd] = {}
    for claim in claims:
        if claim.part is Part.FRONTEND and claim.role is Role.LISTEN:
            folder = _folder_of(claim)
            front_end = by_folder.setdefault(folder, FrontEnd(folder))
            known = {each.origin for each in front_end.origins}
            front_end.origins += [each for each in dev_origins([claim]) if each.origin not in known]
    for claim in claims:
        if claim.part is Part.PROXY and claim.role is Role.CONNECT:
            folder = _folder_of(claim)
            owner = _owner(os.path.join(folder, ""), list(by_folder.values()))
            if owner is not None:
                owner.proxied = True
    return list(by_folder.values())


def _folder_of(claim: Claim) -> str:
    return claim.project or os.path.dirname(claim.location.file)


def _owner(path: str, front_ends: list[FrontEnd]) -> FrontEnd | None:
    """The front end whose folder holds `path`, the deepest one when folders nest."""
    holding = [each for each in front_ends if _inside(path, each.folder)]
    return max(holding, key=lambda each: len(each.folder), default=None)


def _inside(path: str, folder: str) -> bool:
    return path.startswith(folder.rstrip(os.sep) + os.sep)


def _runs_on_server(path: str, folder: str) -> bool:
    parts = os.path.relpath(os.path.dirname(path), folder).split(os.sep)
    return any(part in _SERVER_FOLDERS for part in parts)


def _plan(call: BrowserCall, front_end: FrontEnd, values: CallValues, backend_ports: frozenset[int]) -> PlannedCall:
    url = _resolve(call.url, lambda name: values.value(name, front_end.folder, call.file))
    if url is None or url.startswith((RUN_TIME_MARK, "//")):
        return PlannedCall(call, Fate.UNKNOWN)
    if not _SCHEME.match(url):
        return PlannedCall(call, Fate.SAME_ORIGIN)  # relative: the page's own origin
    absolute = _HTTP_URL.fullmatch(url)
    if absolute is None:
        return PlannedCall(call, Fate.ELSEWHERE)  # ws:, mailto:, ...
    origin, authority, path = absolute.group("origin"), absolute.group("authority"), absolute.group("path")
    if RUN_TIME_MARK in authority:
        return PlannedCall(call, Fate.UNKNOWN)
    if origin.lower() in (each.origin.lower() for each in front_end.origins):
        return PlannedCall(call, Fate.SAME_ORIGIN)
    try:
        parts = urlsplit(origin)
        host, port = parts.hostname or "", parts.port or _DEFAULT_PORTS[parts.scheme.lower()]
    except ValueError:
        return PlannedCall(call, Fate.ELSEWHERE)
    if not is_local_target(host) or port not in backend_ports:
        return PlannedCall(call, Fate.ELSEWHERE)
    path = path if path.startswith("/") else "/" + path
    if call.method is None or path.startswith("/" + RUN_TIME_MARK):
        return PlannedCall(call, Fate.UNKNOWN)  # which route, or which method, only run time knows
    return PlannedCall(call, Fate.CROSS_ORIGIN, port, path)


def _resolve(template: UrlTemplate, value_of: Callable[[str], str | None]) -> str | None:
    """The URL as text, run-time parts marked; None when a named value has none."""
    text: list[str] = []
    for piece in template:
        if isinstance(piece, str):
            text.append(piece)
        elif piece is RUN_TIME:
            text.append(RUN_TIME_MARK)
        elif isinstance(piece, Named):
            found = value_of(piece.name)
            if found is None and piece.fallback is not None:
                found = _resolve(piece.fallback, value_of)
            if found is None:
                return None
            text.append(found)
    return "".join(text)
