import os

from flask import Flask, render_template
from werkzeug.middleware.proxy_fix import ProxyFix

app = Flask(__name__)
app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1)
app.config["SECRET_KEY"] = os.environ.get("SECRET_KEY", "local-dev-key")


@app.route("/")
def login():
    return render_template("login.html")


@app.route("/health")
def health():
    return "OK", 200
