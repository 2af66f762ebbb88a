from flask import Flask, jsonify, request
from flask_cors import CORS

app = Flask(__name__)
CORS(app, resources={r"/api/*": {"origins": "http://127.0.0.1:5000"}})

ITEMS = [{"id": 1, "name": "first"}]


@app.route("/api/items", methods=["GET", "POST"])
def items():
    if request.method == "POST":
        ITEMS.append(request.get_json())
    return jsonify(ITEMS)


@app.route("/api/items/<int:item_id>", methods=["DELETE"])
def delete_item(item_id):
    ITEMS[:] = [item for item in ITEMS if item["id"] != item_id]
    return "", 204


if __name__ == "__main__":
    app.run(debug=True, port=5000)
