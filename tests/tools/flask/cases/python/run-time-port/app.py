import argparse

from flask import Flask

app = Flask(__name__)

if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("-port", type=int, default=5555)
    args = parser.parse_args()
    app.run(port=args.port)
