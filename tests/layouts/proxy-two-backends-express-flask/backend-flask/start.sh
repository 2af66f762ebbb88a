#!/usr/bin/env bash
set -e
cd "$(dirname "$0")"
export FLASK_APP=app.py
flask run --port 7999
