import os

from app import app

PORT = os.environ.get("APP_PORT") or 5001

app.run(host="0.0.0.0", port=int(PORT))
