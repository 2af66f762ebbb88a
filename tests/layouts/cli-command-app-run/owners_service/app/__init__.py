from flask import Flask

APP = Flask(__name__)

from .management.commands import runserver  # noqa: E402,F401
