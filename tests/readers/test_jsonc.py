"""The JSONC reader: values, exact positions (UTF-16), the first error worded, and no exception ever."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portlint.core.model import Range
from portlint.readers.jsonc import JNode, parse_jsonc, scalar_token, sub_location

TESTS = Path(__file__).parents[1]
REAL_CONFIGS = sorted(  # every JSON input of every tool's and reader's cases
    path.read_text(encoding="utf-8")
    for path in [*TESTS.glob("tools/*/cases/*/*/*.json"), *TESTS.glob("readers/cases/*/*/*.json")]
    if path.name != "expected.json" and path.read_bytes().isascii() and path.stat().st_size > 10
)


def root_of(text: str) -> JNode:
    root, problems = parse_jsonc("/w/x.json", text)
    assert problems == []
    assert root is not None
    return root


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ('{"a": 1, "b": [true, false, null], "c": -1.5e3}', {"a": 1, "b": [True, False, None], "c": -1500.0}),
        ('// lead\n{"a": /* in */ 1, // tail\n "b": [1, 2,],}', {"a": 1, "b": [1, 2]}),
        (
            '{"url": "http:\\/\\/x // not a comment /* nor this */"}',
            {"url": "http://x // not a comment /* nor this */"},
        ),
        ('"\\u00e9\\n\\t\\"\\\\ \\ud83d\\ude00"', 'é\n\t"\\ 😀'),
        ('{"a": 1, "a": 2}', {"a": 2}),
        ("[]", []),
        ("  42  ", 42),
    ],
)
def test_values(text: str, value: object) -> None:
    assert root_of(text).plain() == value


@pytest.mark.parametrize(
    ("text", "reason", "at"),
    [
        ("", "the file is empty", Range.of(0, 0)),
        ("  \n ", "the file is empty", Range.of(0, 0, 1, 1)),
        ("// only\n/* comments */", "the file holds only comments, no value", Range.of(1, 14)),
        ('{"a": 1', "missing '}'", Range.of(0, 7)),
        ('{"a": [1, 2', "missing ']'", Range.of(0, 11)),
        ('{"a": ', "the file ends where a value is expected", Range.of(0, 6)),
        ('{"a": "abc\n}', "unterminated string", Range.of(0, 6, 0, 10)),
        ('{"a" 1}', "expected ':' after the property name", Range.of(0, 5, 0, 6)),
        ('{"a": 1 "b": 2}', "expected ',' or '}'", Range.of(0, 8, 0, 9)),
        ("[1 2]", "expected ',' or ']'", Range.of(0, 3, 0, 4)),
        ('{"a": tru}', "expected a value", Range.of(0, 6, 0, 9)),
        ("{'a': 1}", "expected a property name in double quotes", Range.of(0, 1, 0, 2)),
        ('{"a": 1,,}', "expected a property name in double quotes", Range.of(0, 8, 0, 9)),
        ("[,]", "expected a value", Range.of(0, 1, 0, 2)),
        ('{"a": NaN}', "NaN is not a JSON value", Range.of(0, 6, 0, 9)),
        ('{"a": "\\q"}', "invalid escape sequence", Range.of(0, 7, 0, 9)),
        ('{"a": 1} {"b": 2}', "unexpected text after the value", Range.of(0, 9, 0, 10)),
        ('{"a": 1 /* open', "unterminated comment", Range.of(0, 8, 0, 9)),
        ("\ufeff{}", "the file starts with a byte order mark: save it as UTF-8 without BOM", Range.of(0, 0, 0, 1)),
        ("[" * 100_000, "the values are nested too deeply to read", Range.of(0, 0, 0, 1)),
    ],
)
def test_first_error_is_worded_and_placed(text: str, reason: str, at: Range) -> None:
    root, problems = parse_jsonc("/w/x.json", text)
    assert root is None
    assert [(p.reason, p.location.range, p.location.file) for p in problems] == [(reason, at, "/w/x.json")]


def test_strings_locate_their_raw_content_and_keys_their_name() -> None:
    text = '{\n  "hé😀": {"port": 5000, "u": "a\\u00e9b"}\n}'
    inner = root_of(text).get("hé😀")
    assert inner is not None
    assert inner.key is not None and inner.key.range == Range.of(1, 3, 1, 7)  # 😀 is two UTF-16 units
    port, u = inner.get("port"), inner.get("u")
    assert port is not None and port.location.range == Range.of(1, 19, 1, 23)
    assert port.key is not None and port.key.range == Range.of(1, 12, 1, 16)
    assert u is not None and u.value == "aéb" and u.location.range == Range.of(1, 31, 1, 39)  # raw: a\u00e9b


def test_get_is_none_for_missing_keys_and_non_objects() -> None:
    root = root_of('{"a": [1], "b": "s"}')
    assert root.get("zzz") is None
    a = root.get("a")
    assert a is not None and a.get("0") is None and [e.value for e in a.elements()] == [1]
    assert [name for name, _ in root.members()] == ["a", "b"]


def test_sub_location_is_exact_without_escapes_and_whole_with_them() -> None:
    plain = root_of('{"t": "http://localhost:5000"}').get("t")
    escaped = root_of('{"t": "http:\\/\\/localhost:5000"}').get("t")
    assert plain is not None and escaped is not None
    assert sub_location(plain, 17, 21).range == Range.of(0, 24, 0, 28)
    assert sub_location(escaped, 17, 21) == escaped.location


def test_scalar_token_reads_numbers_and_strings_only() -> None:
    root = root_of('{"n": 5000, "f": 5000.0, "g": 1.5, "s": "4200", "b": true}')
    assert [(t.text if (t := scalar_token(root.get(k))) else None) for k in "nfgsb"] == [
        "5000", "5000", None, "4200", None
    ]  # fmt: skip


def test_strict_mode_rejects_trailing_commas_but_not_comments() -> None:
    assert parse_jsonc("/f", '{"a": 1 /* c */}', trailing_commas=False)[0] is not None
    root, problems = parse_jsonc("/f", '{"a": [1,\n2,], "b": 1}', trailing_commas=False)
    assert root is None
    assert [(p.location.range, p.reason.split(":")[0]) for p in problems] == [(Range.of(1, 1, 1, 2), "trailing comma")]


def test_a_later_error_does_not_hide_an_earlier_one_in_strict_mode() -> None:
    root, problems = parse_jsonc("/f", '{"a" 1, "b": [1,]}', trailing_commas=False)
    assert root is None and [p.reason for p in problems] == ["expected ':' after the property name"]


# ---- never raises --------------------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_any_json_round_trips(value: object) -> None:
    assert root_of(json.dumps(value, ensure_ascii=False, indent=1)).plain() == value


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_random_text_never_raises(text: str) -> None:
    root, problems = parse_jsonc("/w/x.json", text)
    assert (root is None) == (len(problems) == 1)


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(REAL_CONFIGS), st.data())
def test_mutated_real_configs_never_raise(config: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(config)))
    end = data.draw(st.integers(start, min(len(config), start + 8)))
    insert = data.draw(st.text(alphabet=st.sampled_from('{}[],:"\\/*\n 0a😀é\x00'), max_size=4))
    text = config[:start] + insert + config[end:]
    root, problems = parse_jsonc("/w/x.json", text)
    assert (root is None) == (len(problems) == 1)
    for problem in problems:  # every problem points inside the text
        assert problem.location.range.start <= problem.location.range.end
        assert problem.location.range.end.line <= text.count("\n")
