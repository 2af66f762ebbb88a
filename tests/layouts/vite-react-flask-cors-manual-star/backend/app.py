#!/usr/bin/env python3
from flask import Flask, jsonify, request
from flask_cors import CORS

app = Flask(__name__)
CORS(app, resources={r"/*": {"origins": "*"}})
app.config['CORS_HEADERS'] = 'Content-Type'


@app.after_request
def after_request(response):
    header = response.headers
    header['Access-Control-Allow-Origin'] = '*'
    return response


@app.route('/courses', methods=['GET'])
def courses():
    return jsonify([])


@app.route('/grades', methods=['GET', 'POST'])
def grades():
    if request.method == 'POST':
        return jsonify(request.get_json()), 201
    return jsonify([])


if __name__ == '__main__':
    app.run(host='0.0.0.0', debug=True, port=5000)
