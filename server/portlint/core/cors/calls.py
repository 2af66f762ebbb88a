"""What a front end's code says about the requests its pages make, as parsed from its source (never run):
`fetch(...)`, Angular's `HttpClient`, axios. A call's URL is kept as written, in pieces — text, a value the
build fills in by name (`import.meta.env.VITE_API_URL`, `environment.apiUrl`) and parts only run time knows —
because the values live in other files (`.env`, `src/environments/environment*.ts`)."""

from __future__ import annotations

from enum import Enum

from msgspec import Struct

from ..model import Location


class Named(Struct, frozen=True):
    """A value the build fills in by name: `env:VITE_API_URL` (an env file's variable) or
    `environment.apiUrl` (a member of Angular's environment object). `fallback`: what `||` / `??` gives
    when the name has no value."""

    name: str
    fallback: UrlTemplate | None = None


class RunTime(Enum):
    """A part of the URL only run time knows (`${id}`, a function's result)."""

    RUN_TIME = "run-time"


RUN_TIME = RunTime.RUN_TIME

UrlPiece = str | Named | RunTime
UrlTemplate = tuple[UrlPiece, ...]


class BrowserCall(Struct, frozen=True):
    """One HTTP request a front end's code makes."""

    file: str
    location: Location  # the call's callee (`fetch`, `this.http.post`)
    client: str  # "fetch", "HttpClient", "axios": for words only
    method: str | None  # upper case; None when not a literal
    url: UrlTemplate  # empty when nothing of it is known
    # Request headers that are not CORS-safelisted, lower case: `content-type` for a JSON body, `authorization`.
    unsafe_headers: tuple[str, ...] = ()
    credentials: bool = False  # `credentials: 'include'`, `withCredentials: true`


class ClientValue(Struct, frozen=True):
    """A string member of an object a front end's code reads by name (`environment.apiUrl` in
    src/environments/environment.development.ts), so that a call's URL built from it can be followed."""

    file: str
    name: str  # "environment.apiUrl"
    value: str
