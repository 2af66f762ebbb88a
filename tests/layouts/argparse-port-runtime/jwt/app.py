import argparse

from flask import Flask, jsonify, request

app = Flask(__name__)
app.config["SECRET_KEY"] = "change me"


@app.route("/login", methods=["POST"])
def login():
    return jsonify(user=request.json.get("username"))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("-host", type=str, default="0.0.0.0")
    parser.add_argument("-port", type=int, default=5555)
    parser.add_argument("-d", "--debug", action="store_true")
    args = parser.parse_args()
    app.run(host=args.host, port=args.port, debug=args.debug)
