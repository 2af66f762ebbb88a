"""A real Flask app for the probe tests, wired for CORS in one of four ways:

    python cors_app.py MODE --host 127.0.0.1 --port 0

MODE: `cors` (flask-cors echoes the origin), `none` (no CORS at all), `manual-origin` (an after_request
sets the origin itself after `CORS(app)`, so flask-cors adds nothing, not even Allow-Headers), `two-values`
(an after_request adding `*`, registered before `CORS(app)`: two Access-Control-Allow-Origin values).
Serves with Werkzeug's development server, prints `ready <port>` once listening, ends on SIGTERM.
"""

from __future__ import annotations

import argparse
import sys

from flask import Flask, Response, jsonify, request
from flask_cors import CORS
from werkzeug.serving import make_server

MODES = ("cors", "none", "manual-origin", "two-values")


def create_app(mode: str) -> Flask:
    app = Flask(__name__)

    @app.route("/api/x", methods=["GET", "POST"])
    def x() -> Response:
        return jsonify(answer=42)

    @app.route("/api/x/<int:item>", methods=["POST"])
    def item(item: int) -> Response:
        return jsonify(item=item)

    if mode == "cors":
        CORS(app)
    elif mode == "manual-origin":
        CORS(app)

        @app.after_request
        def allow_origin(response: Response) -> Response:  # runs before flask-cors's hook, which then skips
            response.headers["Access-Control-Allow-Origin"] = request.headers.get("Origin", "*")
            return response
    elif mode == "two-values":

        @app.after_request
        def allow_all(response: Response) -> Response:  # runs after flask-cors's hook: a second value
            response.headers.add("Access-Control-Allow-Origin", "*")
            return response

        CORS(app)
    return app


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=MODES)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    server = make_server(args.host, args.port, create_app(args.mode), threaded=True)
    print(f"ready {server.port}", flush=True)
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
