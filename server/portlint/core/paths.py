"""Path arithmetic on strings (no file system access)."""

from __future__ import annotations

import os


def relative(path: str, root: str) -> str:
    """`path` relative to `root` with forward slashes, or as given when it lies outside."""
    try:
        rel = os.path.relpath(path, root)
    except ValueError:  # another drive on Windows
        return path
    return path if rel.startswith("..") else rel.replace(os.sep, "/")


def is_inside(path: str, root: str) -> bool:
    """Whether `path` is `root` or lies below it (lexically; both absolute)."""
    path, root = os.path.normpath(path), os.path.normpath(root)
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def ancestors(folder: str) -> list[str]:
    """`folder` and every parent up to the file system root, nearest first (as find_dotenv searches)."""
    folders = []
    current = os.path.normpath(folder)
    while True:
        folders.append(current)
        parent = os.path.dirname(current)
        if parent == current:
            return folders
        current = parent
