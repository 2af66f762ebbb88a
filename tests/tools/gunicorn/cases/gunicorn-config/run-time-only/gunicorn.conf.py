import os

bind = os.environ["GUNICORN_BIND"]
