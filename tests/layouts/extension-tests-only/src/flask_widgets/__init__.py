from flask import Flask, current_app


class Widgets:
    def __init__(self, app: Flask | None = None) -> None:
        if app is not None:
            self.init_app(app)

    def init_app(self, app: Flask) -> None:
        app.extensions["widgets"] = self

    @property
    def config(self):
        return current_app.config
