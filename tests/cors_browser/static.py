"""The hook for portlint's static verdict on a case folder, compared with the browser's truth.

The backend engineers fill this in: portlint loads the case folder as a workspace (parsing, never importing
or running it), judges the front end's requests from case.json made from its `origin`, and returns the set of
CORS finding codes. None means "no static analysis for this backend yet": the test then checks the
browser's truth alone.
"""

from __future__ import annotations

from pathlib import Path

# Backends whose tool gives its CORS routes to the registry (`DevServer.cors`): judged through them.
THROUGH_ROUTES = frozenset({"fastapi"})


def static_codes(backend: str, case_folder: Path) -> set[str] | None:
    """portlint's CORS finding codes for the case in `case_folder` (a `backend` app), or None."""
    if backend in THROUGH_ROUTES:
        from .static_routes import codes_from_routes

        return codes_from_routes(case_folder, backend)
    return None
