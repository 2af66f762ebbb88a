"""portlint's records are msgspec Structs (created in C: a frozen dataclass compiled its methods with `exec`
at import, ≈ 0.7 ms a class). What the dataclasses gave must still hold: equality, hash, repr, order, `match`,
pickling (the child scan sends parse results through a pipe), and the few fields kept out of equality."""

from __future__ import annotations

import importlib
import pickle
import pkgutil

from msgspec import Struct

import portlint
from portlint.core.facts import ParseResult, Token
from portlint.core.model import Listener, Location, Position, Process, Range, Settings, Socket
from portlint.core.report import Holder, Report
from portlint.workspace.discover import ConfigFile


def _location(line: int) -> Location:
    return Location("/w/app.py", Range(Position(line, 0), Position(line, 4)))


def test_no_dataclass_is_left_in_the_package() -> None:
    for module in pkgutil.walk_packages(portlint.__path__, "portlint."):
        if module.name.endswith("__main__"):
            continue
        for name, value in vars(importlib.import_module(module.name)).items():
            ours = getattr(value, "__module__", None) == module.name
            assert not (ours and hasattr(value, "__dataclass_fields__")), f"{module.name}.{name} is a dataclass"


def test_records_compare_hash_order_and_print_as_the_dataclasses_did() -> None:
    token = Token("5000", _location(3))
    assert token == Token("5000", _location(3)) and hash(token) == hash(Token("5000", _location(3)))
    assert token != Token("5001", _location(3))
    assert repr(Position(1, 2)) == "Position(line=1, character=2)"
    assert sorted([_location(4), _location(2)]) == [_location(2), _location(4)]
    match token:
        case Token(text, Location(file=file)):
            assert (text, file) == ("5000", "/w/app.py")
        case _:
            raise AssertionError("Token does not match positionally")


def test_a_parse_result_survives_the_child_scans_pipe() -> None:
    result = ParseResult([Token("5000", _location(3))])
    assert pickle.loads(pickle.dumps(result)) == result


def test_a_config_files_plain_hint_is_out_of_equality_hash_and_repr() -> None:
    walked, stated = ConfigFile("/w/app.py", "python", plain=True), ConfigFile("/w/app.py", "python")
    assert walked == stated and hash(walked) == hash(stated) and {walked, stated} == {stated}
    assert walked.plain and not stated.plain
    assert repr(walked) == "ConfigFile(path='/w/app.py', kind='python')"
    assert walked != ConfigFile("/w/app.py", "flaskenv")


def test_a_reports_decision_per_listener_is_not_part_of_its_equality() -> None:
    listener = Listener(Socket("127.0.0.1", 5000, 4), Process(7, "flask"))
    report = Report("/w", Settings(), [], (Holder(listener, True),), [])
    assert report.is_ours(listener) and not report.is_ours(Listener(Socket("::1", 5000, 6), None))
    assert report == Report("/w", Settings(), [], (Holder(listener, True),), [])
    assert "_ours" not in repr(report) and isinstance(report, Struct)
