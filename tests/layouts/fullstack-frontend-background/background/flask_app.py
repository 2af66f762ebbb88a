from flask import Flask, jsonify
from flask_cors import CORS

app = Flask(__name__)
CORS(app)


@app.route("/get_click")
def get_click():
    return jsonify(data="clicked")


if __name__ == "__main__":
    app.run(debug=True)
