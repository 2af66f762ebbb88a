from flask import Blueprint, jsonify

bp = Blueprint("api", __name__)


@bp.route("/api/bugs")
def bugs():
    return jsonify([])
