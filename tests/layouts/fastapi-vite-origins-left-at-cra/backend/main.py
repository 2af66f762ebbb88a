from fastapi import FastAPI, UploadFile
from fastapi.middleware.cors import CORSMiddleware

app = FastAPI()

# handle CORS
# https://fastapi.tiangolo.com/tutorial/cors/
app.add_middleware(
    CORSMiddleware,
    allow_origins=[
        "http://localhost:3000",
    ],
    allow_credentials=True,
    allow_methods=["*"],
    allow_headers=["*"],
)


@app.get("/api/images")
def list_images() -> list[str]:
    return []


@app.post("/api/images")
async def remove_background(image: UploadFile) -> dict[str, str]:
    return {"name": image.filename or ""}
