"""firebase.json, parsed once → its emulator ports (`firebase_json`), the `hosting.headers` that add
Access-Control-Allow-Origin, and the `hosting.rewrites` to Cloud Functions with the entry files of the
functions' source (`functions/index.js`, or the folder `functions.source` names). Those files are not
opened here: the workspace loads them as referenced files (`functions_source`), so an edit to one is seen."""

from __future__ import annotations

import os
from collections.abc import Iterator

from ...core.facts import FileReference, ParseResult
from ...core.text import SourceText
from ...readers.jsonc import JNode, parse_jsonc
from .facts import HostingFunctionRewrite, HostingHeaderRule
from .firebase_json import emulators_of

_ENTRY_FILES = ("index.js", "index.ts", "src/index.ts", "src/index.js", "lib/index.js")


def parse_firebase_file(path: str, text: str) -> ParseResult:
    """firebase.json's emulator ports (portlint.tools.firebase.firebase_json) plus its hosting CORS facts,
    from one parse."""
    model = SourceText(text)
    root, problems = parse_jsonc(path, model, trailing_commas=False)
    result = emulators_of(path, model, root, problems)
    if root is not None:
        result.facts.extend(hosting_cors(path, root))
        result.facts.extend(functions_sources(path, root))
    return result


def functions_sources(path: str, root: JNode) -> list[FileReference]:
    """The Cloud Functions source of every codebase `functions` declares (`"source"`, default `functions`):
    firebase-tools loads it, so it is read as one (and never as the Node server a package's "main" may
    make of it)."""
    config = root.get("functions")
    if config is None or config.key is None:
        return []
    codebases = config.elements() if config.kind == "array" else [config]
    folder = os.path.dirname(path)
    return [FileReference(path, _entries(folder, codebase), "functions", config.key) for codebase in codebases]


def hosting_cors(path: str, root: JNode) -> list[HostingHeaderRule | HostingFunctionRewrite | FileReference]:
    hosting = root.get("hosting")
    sites = hosting.elements() if hosting is not None and hosting.kind == "array" else [hosting] if hosting else []
    entry_files = _entry_files(os.path.dirname(path), root)
    facts: list[HostingHeaderRule | HostingFunctionRewrite | FileReference] = []
    for site in sites:
        facts.extend(_header_rules(path, site))
        facts.extend(_rewrites(path, site, entry_files))
    return facts


def _source(entry: JNode) -> str | None:
    for key in ("source", "glob"):
        node = entry.get(key)
        if node is not None and isinstance(node.value, str):
            return node.value
    return None


def _header_rules(path: str, site: JNode) -> Iterator[HostingHeaderRule]:
    rules = site.get("headers")
    for entry in rules.elements() if rules is not None else []:
        source = _source(entry)
        headers = entry.get("headers")
        for header in headers.elements() if headers is not None and source is not None else []:
            key, value = header.get("key"), header.get("value")
            if key is None or not isinstance(key.value, str) or key.value.lower() != "access-control-allow-origin":
                continue
            shown = value.value if value is not None and isinstance(value.value, str) else "?"
            yield HostingHeaderRule(path, source or "", shown, key.location)


def _rewrites(path: str, site: JNode, entry_files: tuple[str, ...]) -> Iterator[HostingFunctionRewrite | FileReference]:
    rewrites = site.get("rewrites")
    for entry in rewrites.elements() if rewrites is not None else []:
        source, function = _source(entry), entry.get("function")
        if function is not None and function.kind == "object":
            function = function.get("functionId")
        if source is None or function is None or not isinstance(function.value, str):
            continue
        yield HostingFunctionRewrite(path, source, function.value, function.location, entry_files)
        # The first entry file that exists is the one firebase-tools loads; a source that does not exist is
        # simply not read.
        yield FileReference(path, entry_files, "functions", function.location)


def _entry_files(folder: str, root: JNode) -> tuple[str, ...]:
    """The files the functions' source may start from, in the order they are tried."""
    config = root.get("functions")
    if config is not None and config.kind == "array":
        config = next(iter(config.elements()), None)
    return _entries(folder, config)


def _entries(folder: str, codebase: JNode | None) -> tuple[str, ...]:
    source = codebase.get("source") if codebase is not None and codebase.kind == "object" else None
    base = os.path.join(folder, source.value if source is not None and isinstance(source.value, str) else "functions")
    return tuple(os.path.normpath(os.path.join(base, entry)) for entry in _ENTRY_FILES)
