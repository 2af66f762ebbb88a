import sqlalchemy as sa

from app import create_app, db
from app.models import Post, User

app = create_app()


@app.shell_context_processor
def make_shell_context():
    return {"sa": sa, "db": db, "User": User, "Post": Post}
