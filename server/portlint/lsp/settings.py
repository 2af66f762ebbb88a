"""The server's settings, read from `initializationOptions` and `workspace/didChangeConfiguration`.

Accepted shapes: `{"settings": {...}}`, `{"portlint": {...}}`, or the keys themselves. Unknown keys and bad
values are logged and skipped, never fatal.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from msgspec import Struct, field

from ..core import codes

if TYPE_CHECKING:
    from ..core.model import Settings

log = logging.getLogger(__name__)
T = TypeVar("T")

DEFAULT_POLL_MS = 250
POLL_BOUNDS_MS = (50, 60_000)
# Names a user may write, to the core's severity values (None: off).
_SEVERITIES = {"error": "error", "warning": "warning", "information": "information", "info": "information",
               "hint": "hint", "off": None}  # fmt: skip


class ServerSettings(Struct, frozen=True):
    poll_interval_ms: int = DEFAULT_POLL_MS  # how often the cheap listening-set look runs
    live: bool = True  # look at listeners at all
    ignored_ports: frozenset[int] = frozenset()
    never_foreign: frozenset[str] = frozenset()  # process names that always count as ours
    severities: Mapping[str, str | None] = field(default_factory=dict)  # code -> severity value, None: off

    @property
    def core(self) -> Settings:
        """The analysis core's settings (built on use: `initialize` does not wait for the core's import)."""
        from ..core.model import Settings, Severity

        severities = {code: None if level is None else Severity(level) for code, level in self.severities.items()}
        return Settings(self.ignored_ports, self.never_foreign, severities)


KNOWN_KEYS = frozenset({"pollInterval", "live", "ignoredPorts", "neverForeign", "severity", "trace", "interpreter"})


def read_settings(raw: object, previous: ServerSettings | None = None) -> ServerSettings:
    values = _unwrap(raw)
    base = previous or ServerSettings()
    for key in values:
        if key not in KNOWN_KEYS:
            log.warning("portlint: unknown setting %r ignored", key)
    poll = base.poll_interval_ms
    if "pollInterval" in values:
        poll = _poll(values["pollInterval"], poll)
    live = base.live
    if "live" in values:
        live = values["live"] if isinstance(values["live"], bool) else _bad("live", values["live"], live)
    ignored = base.ignored_ports
    if "ignoredPorts" in values:
        ignored = frozenset(_ports(values["ignoredPorts"]))
    never_foreign = base.never_foreign
    if "neverForeign" in values:
        never_foreign = frozenset(_strings("neverForeign", values["neverForeign"]))
    severities = dict(base.severities)
    if "severity" in values:
        severities = _severities(values["severity"])
    return ServerSettings(poll, live, ignored, never_foreign, severities)


def _unwrap(raw: object) -> dict[str, Any]:
    if not isinstance(raw, dict):
        if raw is not None:
            log.warning("portlint: settings must be an object, got %r", raw)
        return {}
    for wrapper in ("settings", "portlint"):
        inner = raw.get(wrapper)
        if isinstance(inner, dict):
            return _unwrap(inner) if wrapper == "settings" and "portlint" in inner else dict(inner)
    return dict(raw)


def _poll(value: object, default: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return _bad("pollInterval", value, default)
    low, high = POLL_BOUNDS_MS
    return int(min(max(value, low), high))


def _ports(value: object) -> list[int]:
    if not isinstance(value, list):
        return _bad("ignoredPorts", value, [])
    ports = [p for p in value if isinstance(p, int) and not isinstance(p, bool) and 0 < p < 65536]
    if len(ports) != len(value):
        log.warning("portlint: ignoredPorts keeps only port numbers; ignored %r", [p for p in value if p not in ports])
    return ports


def _strings(key: str, value: object) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return _bad(key, value, [])
    return list(value)


def _severities(value: object) -> dict[str, str | None]:
    if not isinstance(value, dict):
        return _bad("severity", value, {})
    result: dict[str, str | None] = {}
    for code, level in value.items():
        if code not in codes.ALL_CODES:
            log.warning("portlint: severity for unknown code %r ignored", code)
        elif not isinstance(level, str) or level.lower() not in _SEVERITIES:
            log.warning("portlint: severity %r for %s is not one of %s", level, code, ", ".join(_SEVERITIES))
        else:
            result[code] = _SEVERITIES[level.lower()]
    return result


def _bad(key: str, value: object, default: T) -> T:
    log.warning("portlint: setting %s=%r is not valid; keeping %r", key, value, default)
    return default
