from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from .routers import items
from .routers.users import router as users_router
import backend.routers.admin as admin_routes

app = FastAPI()
app.add_middleware(CORSMiddleware, allow_origins=["http://localhost:3000"], allow_methods=["*"])
app.include_router(items.router, prefix="/api")
app.include_router(users_router, prefix="/api/users", tags=["users"])
app.include_router(router=admin_routes.router)
app.include_router(items.router, prefix=settings.API_V1)
