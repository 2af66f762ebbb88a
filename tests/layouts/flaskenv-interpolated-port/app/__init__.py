from flask import Flask


def create_app(config_name):
    application = Flask(__name__)
    application.config["ENVIRONMENT"] = config_name
    return application
