from flask import Flask


class CustomFlask(Flask):
    jinja_options = Flask.jinja_options.copy()


app = CustomFlask(__name__)

if __name__ == "__main__":
    app.run(debug=True)
