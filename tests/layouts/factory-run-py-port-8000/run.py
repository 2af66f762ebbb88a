# run.py
import os

from app import create_app

config_name = os.environ.get("APP_CONFIG")
app = create_app()

if __name__ == "__main__":
    app.run(host="0.0.0.0", port=8000, debug=True)
