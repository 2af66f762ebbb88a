from flask import Flask

# If `entrypoint` is not defined in app.yaml, App Engine looks for an app called `app` in `main.py`.
app = Flask(__name__)


@app.route("/")
def hello():
    return "Hello World!"


if __name__ == "__main__":
    # Used only when running locally; App Engine runs the app with gunicorn.
    app.run(host="127.0.0.1", port=8080, debug=True)
