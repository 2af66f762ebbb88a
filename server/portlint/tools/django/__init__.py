"""Django's development server: `manage.py runserver [addr:]port` (also `django-admin`, `python -m django`)."""

from __future__ import annotations

from ..base import DevServer

NAME = "django"
_CLI = "portlint.tools.django.cli:read_django_args"

TOOL = DevServer(
    name=NAME,
    programs={"django-admin": _CLI, "manage.py": _CLI},
    python_modules={"django": _CLI},
    python_scripts={"manage.py": _CLI},
    resolve="portlint.tools.django.resolve:resolve",
)
