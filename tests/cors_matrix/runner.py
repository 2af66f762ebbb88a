"""Serves one matrix case's Flask app for real: imports `app.py` from the folder given (module-level `app`,
or `create_app()`), binds Werkzeug's own server on 127.0.0.1 port 0, prints one JSON line (the port and the
app's routes) once the socket listens, then serves until killed. Startup errors print `{"error": ...}`."""

from __future__ import annotations

import importlib.util
import json
import sys
from types import ModuleType
from typing import Any


def case_module(folder: str) -> ModuleType:
    """The case's `app.py`, imported with its folder first on sys.path (tests/cors_browser's ASGI runner too)."""
    spec = importlib.util.spec_from_file_location("case_app", f"{folder}/app.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, folder)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    from werkzeug.serving import make_server  # here, so that importing case_module costs no Flask import

    folder = sys.argv[1]
    try:
        module = case_module(folder)
        app = module.app if hasattr(module, "app") else module.create_app()
    except Exception as error:
        print(json.dumps({"error": f"{type(error).__name__}: {error}"}), flush=True)
        sys.exit(3)
    routes = [
        {"rule": rule.rule, "methods": sorted(rule.methods or ()), "flask_cors": _flask_cors_covers(app, rule)}
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static" and not rule.arguments
    ]
    server = make_server("127.0.0.1", 0, app, threaded=True)
    print(json.dumps({"port": server.server_port, "routes": routes}), flush=True)
    server.serve_forever()


def _flask_cors_covers(app: Any, rule: Any) -> bool:
    """Whether flask-cors itself is wired to answer this route: the view is wrapped by @cross_origin, or a
    flask-cors after_request function on its blueprint or the app has a resource matching the path (read
    from the hook's closure and matched with flask-cors's own function)."""
    from flask_cors.core import try_match_pattern

    view = app.view_functions.get(rule.endpoint)
    if view is not None and "flask_cors" in getattr(view, "__code__", None).co_filename:
        return True
    blueprint = rule.endpoint.rpartition(".")[0] or None
    for name in {blueprint, None}:
        for function in app.after_request_funcs.get(name, ()):
            if function.__name__ != "cors_after_request":
                continue
            for cell in function.__closure__ or ():
                resources = cell.cell_contents
                if isinstance(resources, list) and any(try_match_pattern(rule.rule, p, True) for p, _ in resources):
                    return True
    return False


if __name__ == "__main__":
    main()
