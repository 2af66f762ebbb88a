"""The whole workspace's facts → its claims, each resolved as the real tool would."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..tools.angular.resolve import angular_claims
from ..tools.firebase.resolve import firebase_claims
from ..tools.flask.resolve import FlaskResolver
from .facts import AngularServe, DotenvFile, Fact, FirebaseEmulator, FlaskApp, Invocation, ProxyTarget
from .model import Claim, Role, Tool

# The environment variables that change what `flask run` does; only these are read from a real environment.
FLASK_ENVIRONMENT = ("FLASK_RUN_PORT", "FLASK_RUN_HOST", "FLASK_APP")


def resolve(facts: Iterable[Fact], root: str, environ: Mapping[str, str] | None = None) -> list[Claim]:
    facts = list(facts)
    invocations = [f for f in facts if isinstance(f, Invocation)]
    flask = FlaskResolver(
        (f for f in facts if isinstance(f, FlaskApp)),
        (f for f in facts if isinstance(f, DotenvFile)),
        root,
        {k: v for k, v in (environ or {}).items() if k in FLASK_ENVIRONMENT},
    )
    claims = firebase_claims(f for f in facts if isinstance(f, FirebaseEmulator))
    claims += _firebase_command_claims(i for i in invocations if i.tool is Tool.FIREBASE)
    claims += angular_claims(
        (f for f in facts if isinstance(f, AngularServe)),
        (i for i in invocations if i.tool is Tool.ANGULAR),
        (f for f in facts if isinstance(f, ProxyTarget)),
        root,
    )
    claims += flask.run_claims(i for i in invocations if i.tool is Tool.FLASK)
    claims += flask.script_claims()
    return _unique(claims)


def _firebase_command_claims(invocations: Iterable[Invocation]) -> list[Claim]:
    """`firebase serve --port N` serves hosting on N."""
    claims = []
    for invocation in invocations:
        port = invocation.port.as_port() if invocation.port else None
        if invocation.port is None or port is None:
            continue
        claims.append(
            Claim(
                service="firebase hosting emulator",
                tool=Tool.FIREBASE,
                role=Role.LISTEN,
                host=invocation.host.text if invocation.host else "localhost",
                port=port,
                explicit=True,
                location=invocation.port.location,
                origin=f"--port in {invocation.where}",
            )
        )
    return claims


def _unique(claims: list[Claim]) -> list[Claim]:
    """One claim per (service, role, host, port, place): several ways to run a service often agree."""
    seen: set[tuple[object, ...]] = set()
    unique = []
    for claim in claims:
        key = (claim.service, claim.role, claim.host, claim.port, claim.location)
        if key not in seen:
            seen.add(key)
            unique.append(claim)
    return unique
