#!/usr/bin/env bash
set -e
cd "$(dirname "$0")"
export FLASK_APP=app.py
flask run --port 7999
flask run -p 7000 --host=0.0.0.0
