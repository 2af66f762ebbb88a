# Read by `flask run` (python-dotenv).
FLASK_APP=app.py
FLASK_RUN_PORT=5000
