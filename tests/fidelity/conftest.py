"""Fixtures shared by the fidelity tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .netns import NetNamespace, Unavailable, net_namespace


@pytest.fixture
def netns() -> Iterator[NetNamespace]:
    """A private network namespace for cases about a fixed default port (5000): there it is surely free."""
    try:
        with net_namespace() as namespace:
            yield namespace
    except Unavailable as error:
        pytest.skip(f"no private network namespace, so the default port may be taken here: {error}")
