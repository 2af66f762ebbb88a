from flask import Flask
from flask_cors import CORS


def create_app():
    app = Flask(__name__)
    app.config['CORS_HEADERS'] = 'Content-Type'
    CORS(app, origins=['http://localhost:4200'])

    from .api import api
    app.register_blueprint(api, url_prefix='/api/v1')

    return app
