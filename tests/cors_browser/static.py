"""The hook for portlint's static verdict on a case folder, compared with the browser's truth.

The backend engineers fill this in: portlint loads the case folder as a workspace (parsing, never importing
or running it), judges the front end's requests from case.json made from its `origin`, and returns the set of
CORS finding codes. None means "no static analysis for this backend yet": the test then checks the
browser's truth alone.
"""

from __future__ import annotations

from pathlib import Path


def static_codes(backend: str, case_folder: Path) -> set[str] | None:
    """portlint's CORS finding codes for the case in `case_folder` (a `backend` app), or None."""
    del backend, case_folder
    return None
