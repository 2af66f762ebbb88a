from app import app


@app.route("/")
def menu():
    return "menu"
