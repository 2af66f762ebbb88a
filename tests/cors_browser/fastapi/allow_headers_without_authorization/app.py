from fastapi import FastAPI, Header
from fastapi.middleware.cors import CORSMiddleware

app = FastAPI()
app.add_middleware(
    CORSMiddleware,
    allow_origins=["http://localhost:4200"],
    allow_methods=["*"],
    allow_headers=["Content-Type"],
)


@app.get("/api/me")
def me(authorization: str = Header()):
    return {"user": "ada"}
