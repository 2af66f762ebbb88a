"""The case folders' loader: a malformed case.json is a clear error naming its folder, and the live copy
puts the origin server's port exactly where the app spells the case's origin."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import pytest

from .cases import load_case

APP = 'CORS(app, origins=["http://localhost:4200", "http://localhost:42000", "http://127.0.0.1:4200"])\n'
GET = {"method": "GET", "path": "/api/todos"}


def case_folder(tmp_path: Path, spec: Mapping[str, object]) -> Path:
    folder = tmp_path / "case"
    folder.mkdir()
    (folder / "app.py").write_text(APP)
    (folder / "case.json").write_text(json.dumps(spec))
    return folder


@pytest.mark.parametrize(
    ("spec", "complaint"),
    [
        ({"requests": [GET]}, "'expected'"),
        ({"requests": [GET], "expected": None, "expect": None}, "unknown keys ['expect']"),
        ({"requests": [GET], "expected": "cors-origin-denied"}, "neither null nor one of"),
        ({"requests": [], "expected": None}, "no request"),
        ({"requests": [{"method": "GET"}], "expected": None}, "'path'"),
        ({"origin": "http://app.example.com", "requests": [GET], "expected": None}, "must be http://localhost:N"),
        ({"requests": [{**GET, "expected": "cors-preflight-fails"}], "expected": None}, "must be null or the case's"),
        ({"requests": [{**GET, "expected": None}], "expected": "cors-preflight-fails"}, "one must be that"),
    ],
)
def test_a_malformed_case_is_a_clear_error(tmp_path: Path, spec: dict[str, object], complaint: str) -> None:
    folder = case_folder(tmp_path, spec)
    with pytest.raises(ValueError, match=r"case\.json") as raised:
        load_case("flask", folder)
    assert str(folder) in str(raised.value) and complaint in str(raised.value)


def test_each_request_expects_the_cases_code_unless_it_says_its_own(tmp_path: Path) -> None:
    spec = {"requests": [GET, {**GET, "expected": None}], "expected": "cors-origin-not-allowed"}
    case = load_case("flask", case_folder(tmp_path, spec))
    assert [r.expected for r in case.requests] == ["cors-origin-not-allowed", None]
    assert case.expected_codes == {"cors-origin-not-allowed"}


def test_the_live_copy_moves_only_the_cases_own_origin(tmp_path: Path) -> None:
    case = load_case("flask", case_folder(tmp_path, {"requests": [GET], "expected": None}))
    copy = case.live_copy("http://localhost:38111", tmp_path / "live")
    assert (copy / "app.py").read_text() == APP.replace('"http://localhost:4200"', '"http://localhost:38111"')
    assert (case.folder / "app.py").read_text() == APP
