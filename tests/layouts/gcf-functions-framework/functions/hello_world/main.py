import functions_framework
from flask import jsonify


@functions_framework.http
def hello_world(request):
    """HTTP Cloud Function: answers with a greeting."""
    return jsonify({"message": "Hello World!"})
