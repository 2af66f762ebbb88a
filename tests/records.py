"""portlint's records are msgspec Structs: what `dataclasses.asdict`/`fields` did for the tests, over
`__struct_fields__` (never `msgspec.structs.fields`, which evaluates the annotations)."""

from __future__ import annotations

import copy
from typing import Any

from msgspec import Struct


def is_record(value: object) -> bool:
    return isinstance(value, Struct)


def field_names(record: Struct | type[Struct]) -> tuple[str, ...]:
    return record.__struct_fields__


def as_dict(record: Struct) -> dict[str, Any]:
    """A record as nested plain values, exactly as `dataclasses.asdict` gave them: records become dicts,
    lists, tuples (named ones too) and dicts are rebuilt around their converted items, the rest is copied."""
    return {name: _plain(getattr(record, name)) for name in record.__struct_fields__}


def _plain(value: Any) -> Any:
    if isinstance(value, Struct):
        return as_dict(value)
    if isinstance(value, tuple) and hasattr(value, "_fields"):  # a NamedTuple
        return type(value)(*(_plain(item) for item in value))
    if isinstance(value, (list, tuple)):
        return type(value)(_plain(item) for item in value)
    if isinstance(value, dict):
        return type(value)((_plain(key), _plain(item)) for key, item in value.items())
    return copy.deepcopy(value)
