"""The language server's settings: only keys that do something are known."""

from __future__ import annotations

import pytest

from portlint.lsp.settings import KNOWN_KEYS, ServerSettings, read_settings


def test_the_no_op_cors_setting_is_gone(caplog: pytest.LogCaptureFixture) -> None:
    settings = read_settings({"portlint": {"cors": {"origin": "x"}, "neverForeign": ["docker-proxy"]}})
    assert "cors" not in KNOWN_KEYS
    assert "cors" not in ServerSettings.__struct_fields__
    assert "unknown setting 'cors' ignored" in caplog.text
    assert settings.core.never_foreign == frozenset({"docker-proxy"})
