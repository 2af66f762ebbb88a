#!/bin/bash
cd backend
export FLASK_RUN_PORT=5055
flask run &
(cd ../api && PORT=9000 fastapi dev main.py) &
if [ "$1" = "prod" ]; then
  gunicorn -b ":$PORT" app:app
fi
