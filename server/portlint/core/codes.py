"""The stable finding codes, in one table: id, default severity, title, description.

Everything else that lists the codes is made from this table or checked against it by a test
(`tests/unit/test_codes_table.py`): the SARIF rules (`output/sarif.py`), the extension's
`portlint.severity` setting schema in package.json and the README's list of codes (both written by
`python scripts/sync_generated.py`). Each code also has a README section of the same name (its anchor is the
code), which is where `docs_url` points.
"""

from __future__ import annotations

from msgspec import Struct

PORT_HELD_BY_FOREIGN_PROCESS = "port-held-by-foreign-process"
PORT_SPLIT_BETWEEN_LISTENERS = "port-split-between-listeners"
LOCALHOST_RESOLVES_ELSEWHERE = "localhost-resolves-elsewhere"
PORT_CLAIMED_TWICE = "port-claimed-twice"
PROXY_TARGET_MISMATCH = "proxy-target-mismatch"
BROWSER_RESTRICTED_PORT = "browser-restricted-port"
PORT_RESERVED_BY_SYSTEM = "port-reserved-by-system"
CONFIG_UNREADABLE = "config-unreadable"
EMULATOR_NOT_STARTED = "emulator-not-started"
PROXY_CONFIG_STRAY_KEY = "proxy-config-stray-key"
CORS_DUPLICATE_ALLOW_ORIGIN = "cors-duplicate-allow-origin"
CORS_WILDCARD_WITH_CREDENTIALS = "cors-wildcard-with-credentials"
CORS_ORIGIN_NOT_ALLOWED = "cors-origin-not-allowed"
CORS_HEADER_ADDED_BY_PROXY = "cors-header-added-twice-by-proxy"
CORS_PREFLIGHT_FAILS = "cors-preflight-fails"
CORS_CREDENTIALS_NOT_ALLOWED = "cors-credentials-not-allowed"
PORT_DECIDED_AT_RUN_TIME = "port-decided-at-run-time"
PORT_MAY_DRIFT = "port-may-drift"


class Code(Struct, frozen=True):
    id: str
    severity: str  # the usual severity ("error", "warning", ...); some findings are milder case by case
    title: str  # one sentence: SARIF's short description, the severity setting's description
    description: str  # SARIF's full description and help text


CODES: tuple[Code, ...] = (
    Code(
        PORT_HELD_BY_FOREIGN_PROCESS,
        "error",
        "A process that is not yours listens where a dev server means to listen.",
        "A process that is not this workspace's holds a port a service wants to listen on, or a proxy target "
        "reaches such a process. A warning only when the tool would move to another port by itself.",
    ),
    Code(
        PORT_SPLIT_BETWEEN_LISTENERS,
        "error",
        "IPv4 and IPv6 (or two addresses) of one port are held by different processes.",
        "Two processes listen on one port (SO_REUSEPORT, IPv4 beside IPv6, a wildcard beside a specific "
        "address), so connections are split between them and it works only some of the time. A warning when "
        "both processes are this workspace's.",
    ),
    Code(
        LOCALHOST_RESOLVES_ELSEWHERE,
        "error",
        "`localhost` reaches a different listener than the one the config means.",
        "A config connects to `localhost`, and the address `localhost` resolves to first on this machine is "
        "held by a different process than the intended one; Node tries the next address only when refused.",
    ),
    Code(
        PORT_CLAIMED_TWICE,
        "error",
        "Two services in the workspace want the same port.",
        "Two services of the workspace want one port: whichever starts second fails. A warning when one of "
        "them would move to another port by itself (then the port depends on start order).",
    ),
    Code(
        PROXY_TARGET_MISMATCH,
        "warning",
        "A dev-server proxy points at a port no service of the workspace listens on.",
        "A proxy target on this machine points at a port no configured service listens on, while a backend "
        "listens elsewhere.",
    ),
    Code(
        PORT_MAY_DRIFT,
        "warning",
        "A server that moves to another port when its own is taken, while another file hard-codes that port.",
        "A dev server or emulator starts on another port by itself when its port is taken (Vite without "
        "strictPort, a firebase emulator without a port), while a proxy target elsewhere hard-codes the port: "
        "after the move it silently reaches the wrong process. Fixing the port makes the start fail loudly.",
    ),
    Code(
        BROWSER_RESTRICTED_PORT,
        "error",
        "A port browsers refuse to load (e.g. 6000, 6665–6669).",
        "A service listens on a port on the Fetch standard's bad-port list: the server starts, but Chrome, "
        "Firefox and Safari refuse to open it (ERR_UNSAFE_PORT).",
    ),
    Code(
        PORT_RESERVED_BY_SYSTEM,
        "error",
        "The port lies in a range Windows reserves (Hyper-V / WinNAT / Docker Desktop): binding it fails.",
        "A service wants a port inside one of Windows' excluded port ranges (`netsh interface ipv4 show "
        "excludedportrange protocol=tcp`): the bind fails with WinError 10013 / EACCES although no process "
        "holds the port, so netstat shows nothing. Restarting WinNAT usually frees WinNAT's ranges.",
    ),
    Code(
        CONFIG_UNREADABLE,
        "error",
        "A config file portlint could not read (half-typed JSON, binary, too large).",
        "A config could not be read; the ports it names are not checked, everything else is.",
    ),
    Code(
        EMULATOR_NOT_STARTED,
        "information",
        "An emulator entry in firebase.json that firebase-tools does not start, so its port is not used.",
        "firebase.json lists an emulator under `emulators` whose product has no config of its own (no "
        "`hosting` or `functions` at the top level): `firebase emulators:start` skips it, so its port is free.",
    ),
    Code(
        PROXY_CONFIG_STRAY_KEY,
        "warning",
        "A proxy config has a top-level key that is no proxy entry (an option written beside the entries).",
        "A key such as `changeOrigin` written at the top level of a proxy config, beside the entries instead of "
        "inside one: the webpack dev server ignores it, the Vite-based dev server of Angular 17+ fails on it.",
    ),
    Code(
        CORS_DUPLICATE_ALLOW_ORIGIN,
        "error",
        "Access-Control-Allow-Origin is set twice for one route (two CORS setups); the browser refuses the response.",
        "A route will answer with two Access-Control-Allow-Origin values, which the browser refuses: e.g. a "
        "manual after_request adding `*` beside flask-cors.",
    ),
    Code(
        CORS_WILDCARD_WITH_CREDENTIALS,
        "error",
        "The allowed origin is `*` while credentials are allowed, which browsers refuse.",
        "A credentialed request gets Access-Control-Allow-Origin: *, which browsers reject.",
    ),
    Code(
        CORS_ORIGIN_NOT_ALLOWED,
        "warning",
        "The dev front end's origin is not among the origins the backend allows.",
        "The project's own dev-server origin (from angular.json) is not allowed on a route that is meant to "
        "answer CORS.",
    ),
    Code(
        CORS_PREFLIGHT_FAILS,
        "warning",
        "The preflight of a cross-origin request fails: a header or method is not allowed, or it is not answered 2xx.",
        "The browser sends an OPTIONS preflight before a JSON POST, a PUT/DELETE or a request with Authorization, "
        "and refuses the request when the answer does not allow its method or headers, is a redirect or has no "
        "2xx status (Flask's own OPTIONS answer, a `before_request` answering 401).",
    ),
    Code(
        CORS_CREDENTIALS_NOT_ALLOWED,
        "warning",
        "A request that sends credentials gets no `Access-Control-Allow-Credentials: true`.",
        "The front end sends cookies or HTTP authentication (`credentials: 'include'`, `withCredentials`) but the "
        "backend does not allow credentials, so the browser refuses the response.",
    ),
    Code(
        CORS_HEADER_ADDED_BY_PROXY,
        "error",
        "A proxy in front of the backend adds a CORS header the backend already sets; the browser gets two values.",
        "nginx or firebase hosting adds Access-Control-Allow-Origin in front of a backend that sets it too, "
        "so the browser gets two values.",
    ),
    Code(
        PORT_DECIDED_AT_RUN_TIME,
        "information",
        "A server's port is decided when it runs (a command-line argument, a value read from a file).",
        "A call that starts a server takes its port from something only the running program knows "
        "(`app.run(port=args.port)`), so portlint claims no port for it and checks none.",
    ),
)

BY_ID = {code.id: code for code in CODES}
ALL_CODES = tuple(BY_ID)

DOCS_URL = "https://github.com/portlint/portlint#"


def docs_url(code: str) -> str:
    return DOCS_URL + code
