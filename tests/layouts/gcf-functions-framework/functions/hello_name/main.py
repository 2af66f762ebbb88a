import flask
import functions_framework


@functions_framework.http
def hello_name(request: flask.Request) -> flask.typing.ResponseReturnValue:
    name = request.args.get("name", "World")
    return f"Hello {name}!"
