"""The stable finding codes. Each has a README section of the same name (its anchor is the code)."""

PORT_HELD_BY_FOREIGN_PROCESS = "port-held-by-foreign-process"
PORT_SPLIT_BETWEEN_LISTENERS = "port-split-between-listeners"
LOCALHOST_RESOLVES_ELSEWHERE = "localhost-resolves-elsewhere"
PORT_CLAIMED_TWICE = "port-claimed-twice"
PROXY_TARGET_MISMATCH = "proxy-target-mismatch"
BROWSER_RESTRICTED_PORT = "browser-restricted-port"
CONFIG_UNREADABLE = "config-unreadable"
CORS_DUPLICATE_ALLOW_ORIGIN = "cors-duplicate-allow-origin"
CORS_WILDCARD_WITH_CREDENTIALS = "cors-wildcard-with-credentials"
CORS_ORIGIN_NOT_ALLOWED = "cors-origin-not-allowed"
CORS_HEADER_ADDED_BY_PROXY = "cors-header-added-twice-by-proxy"

ALL_CODES = (
    PORT_HELD_BY_FOREIGN_PROCESS,
    PORT_SPLIT_BETWEEN_LISTENERS,
    LOCALHOST_RESOLVES_ELSEWHERE,
    PORT_CLAIMED_TWICE,
    PROXY_TARGET_MISMATCH,
    BROWSER_RESTRICTED_PORT,
    CONFIG_UNREADABLE,
    CORS_DUPLICATE_ALLOW_ORIGIN,
    CORS_WILDCARD_WITH_CREDENTIALS,
    CORS_ORIGIN_NOT_ALLOWED,
    CORS_HEADER_ADDED_BY_PROXY,
)

DOCS_URL = "https://github.com/portlint/portlint#"


def docs_url(code: str) -> str:
    return DOCS_URL + code
