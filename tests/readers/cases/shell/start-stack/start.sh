#!/usr/bin/env bash
# Start the API and the worker for local development.
set -euo pipefail

source .venv/bin/activate
export UVICORN_PORT=8001

uvicorn app.main:app --reload &
gunicorn -b 127.0.0.1:8002 \
  --workers 2 wsgi:app &
python manage.py runserver 0.0.0.0:8003 &
wait
