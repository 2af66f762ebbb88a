"""Server source files and scripts → the ports they name as a server's (`ServerPort`), by a cheap textual
scan: `.listen(7998`, `--port 7999` / `--port=7999` / `-p 7999`, `PORT = 3000`, `port: 3000`,
`process.env.PORT || 3333`. Never run, never resolved: a proxy target on such a port has a server, which is
all the proxy check needs to know."""

from __future__ import annotations

import re

from ..core.facts import ParseResult, ServerPort, parse_port
from ..core.text import SourceText

_PORT = r"(\d{2,5})\b"
_NAMES_A_PORT = re.compile(
    "|".join(
        (
            rf"\.listen\(\s*{_PORT}",  # app.listen(7998, ...), server.listen(3000)
            rf"--port(?:=|\s+)[\"']?{_PORT}",  # flask run --port 7999, ng serve --port=4300
            rf"(?:^|\s)-p\s+[\"']?{_PORT}",  # flask run -p 7999
            rf"\bPORT\b\s*(?:=|:|\|\||\?\?)\s*[\"']?{_PORT}",  # PORT=3000, const PORT = 3000, PORT || 3333
            rf"\bport\b\s*[:=]\s*[\"']?{_PORT}",  # port: 3000, port = 3000
            rf"\bport\b\s*=\s*process\.env\.\w+\s*(?:\|\||\?\?)\s*[\"']?{_PORT}",  # port = process.env.PORT || 3000
        )
    )
)


def parse_server_source(path: str, text: str) -> ParseResult:
    index = SourceText(text)
    facts: list[object] = []
    for match in _NAMES_A_PORT.finditer(text):
        group = next(g for g in range(1, (match.lastindex or 0) + 1) if match.group(g) is not None)
        port = parse_port(match.group(group))
        if port is not None and port != 0:
            facts.append(ServerPort(path, port, index.location(path, match.start(group), match.end(group))))
    return ParseResult(facts=facts)
