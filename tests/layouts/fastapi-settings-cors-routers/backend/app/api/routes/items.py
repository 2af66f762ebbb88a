from fastapi import APIRouter

router = APIRouter(prefix="/items", tags=["items"])


@router.get("/")
def read_items(skip: int = 0, limit: int = 100) -> list[dict]:
    return []


@router.put("/{id}")
def update_item(id: int, item_in: dict) -> dict:
    return item_in


@router.delete("/{id}")
def delete_item(id: int) -> dict:
    return {"message": "Item deleted successfully"}
