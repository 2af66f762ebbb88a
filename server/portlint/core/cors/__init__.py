"""CORS as the browser judges it, for any backend: what a front end's request is (`exchange.CorsRequest`),
what a backend answers to it (`exchange.Answer`, worked out by the backend's tool from its parsed source),
the browser's verdict on that answer (`browser.verdict`, the Fetch standard's CORS and preflight checks in
Chromium's order) and the findings it becomes (`findings.cors_findings`). Pure: no I/O, no tool names."""
