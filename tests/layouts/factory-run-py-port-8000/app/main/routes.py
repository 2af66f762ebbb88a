from app.main import bp


@bp.route("/employees")
def employees():
    return {"employees": []}
