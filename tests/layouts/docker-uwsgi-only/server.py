from flask import Flask, request

app = Flask(__name__)


@app.route("/", defaults={"path": ""})
@app.route("/<path:path>")
def catch_all(path):
    app.logger.info("%s %s", request.method, path)
    return "", 404
