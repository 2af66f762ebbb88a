"""Flask apps in Python source beyond their data-driven cases (tests/tools/flask/cases/python/, run by
tests/test_parser_cases.py).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portlint.tools.flask.facts import FlaskApp
from portlint.tools.flask.source import parse_flask_source
from tests.cases import case_root


@pytest.mark.parametrize(
    "condition",
    [
        'if __name__ == "__main__":',
        "if __name__ == '__main__':",
        'if "__main__" == __name__:',
        "if ('__main__' == __name__):",
        'if __name__ == """__main__""":',
    ],
)
def test_every_spelling_of_the_main_guard_counts(condition: str) -> None:
    text = f"from flask import Flask\napp = Flask(__name__)\n{condition}\n    app.run(port=5001)\n"
    (app,) = parse_flask_source("/w/app.py", text).facts
    assert isinstance(app, FlaskApp)
    assert [run.under_main for run in app.runs] == [True]


@pytest.mark.parametrize(
    "condition",
    [
        'if __name__ != "__main__":',
        'if __name__ == "__mane__":',
        'if name == "__main__":',
        'if __name__ is "__main__":',
    ],
)
def test_other_conditions_are_not_the_main_guard(condition: str) -> None:
    text = f"from flask import Flask\napp = Flask(__name__)\n{condition}\n    app.run(port=5001)\n"
    (app,) = parse_flask_source("/w/app.py", text).facts
    assert isinstance(app, FlaskApp)
    assert [run.under_main for run in app.runs] == [False]


def test_every_prefix_of_a_file_parses() -> None:
    """Typing a file character by character: never an exception, and the app shows up once it exists."""
    text = (case_root("python") / "module-level" / "app.py").read_text(encoding="utf-8")
    for end in range(len(text) + 1):
        result = parse_flask_source("/w/app.py", text[:end])
        assert result.problems == []
        if end >= text.index("Flask(__name__)") + len("Flask("):
            assert len(result.facts) == 1, text[:end]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("Flask()=.run\"'port:5 \n\tif__main__#\\😀é\x00")), max_size=80))
def test_garbage_never_raises(text: str) -> None:
    result = parse_flask_source("/w/app.py", "Flask" + text)
    assert all(isinstance(fact, FlaskApp) for fact in result.facts)
