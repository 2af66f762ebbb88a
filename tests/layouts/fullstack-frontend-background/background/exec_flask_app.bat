call activate backend
python flask_app.py
