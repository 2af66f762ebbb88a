from app.main import bp


@bp.route("/api/health")
def health():
    return {"status": "ok"}
