from flask import Flask, render_template, request

app = Flask(__name__)


@app.route("/", methods=["GET", "POST"])
def upload():
    if request.method == "POST":
        return render_template("completed.html")
    return render_template("upload.html")


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=5000, debug=True)
