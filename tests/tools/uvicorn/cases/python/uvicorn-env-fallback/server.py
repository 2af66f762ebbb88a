import os

import uvicorn as uv
from starlette.applications import Starlette

app = Starlette()

if __name__ == "__main__":
    uv.run(app, host="127.0.0.1", port=int(os.getenv("PORT", "8080")))
