import pytest
from flask import Flask

from flask_widgets import Widgets


@pytest.fixture
def app():
    app = Flask(__name__)
    app.config["TESTING"] = True
    Widgets(app)
    with app.app_context():
        yield app


@pytest.fixture
def client(app):
    return app.test_client()
