"""What the command-line frameworks around a Flask app do with it, read from one parsed file: Flask-Script's
`Manager(app)` and `Server(host, port)` (which call app.run from `python manage.py runserver`), and the
Flask CLI's commands (`@app.cli.command()`, a `FlaskGroup`'s commands), under which app.run does nothing."""

from __future__ import annotations

from functools import cached_property

from tree_sitter import Node

from .python_index import PythonIndex

_GROUPS = ("FlaskGroup", "AppGroup")


class Commands:
    def __init__(self, index: PythonIndex) -> None:
        self.file = index

    @cached_property
    def script_servers(self) -> set[str]:
        """Flask-Script's `Server` as this file names it."""
        return self._flask_script_names("Server")

    def manager_argument(self) -> Node | None:
        """The name given to Flask-Script's `Manager(app)`, if the file makes one."""
        managers = self._flask_script_names("Manager")
        for node in self.file.of_kind("call"):
            if self._called(node) in managers:
                arguments = node.child_by_field_name("arguments")
                first = arguments.named_children[0] if arguments is not None and arguments.named_children else None
                if first is not None and first.type == "identifier":
                    return first
        return None

    def in_flask_cli_command(self, node: Node) -> bool:
        """Inside a command of the Flask CLI (`@app.cli.command()`, `@bp.cli.command()`, a command of a
        `FlaskGroup`/`AppGroup`): it runs under `flask <command>`, where FlaskGroup has made app.run a no-op.
        A plain click command or a Flask-Script `@manager.command` run by `python manage.py` does run it."""
        function = self.file.function_of(node)
        while function is not None:
            decorated = self.file.decorated(function)
            if decorated is not None:
                for decorator in decorated.named_children:
                    if decorator.type == "decorator" and self._flask_cli_command(decorator):
                        return True
            function = self.file.function_of(function)
        return False

    def _flask_cli_command(self, decorator: Node) -> bool:
        text = self.file.node_text(decorator).replace(" ", "").lstrip("@")
        owner = text.split(".command", 1)[0] if ".command" in text else None
        return owner is not None and (owner.endswith(".cli") or owner in self.flask_groups)

    @cached_property
    def flask_groups(self) -> set[str]:
        """Names bound to `FlaskGroup(...)` / `AppGroup(...)` in this file (`cli = FlaskGroup(app)`)."""
        found: set[str] = set()
        for node in self.file.of_kind("assignment"):
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            if left is not None and right is not None and right.type == "call" and self._is_group(right):
                found.add(self.file.node_text(left))
        return found

    def _is_group(self, call: Node) -> bool:
        return self._called(call).rsplit(".", 1)[-1] in _GROUPS

    def _flask_script_names(self, name: str) -> set[str]:
        found = {i.alias for i in self.file.imports if i.module == "flask_script" and i.name == name}
        modules = {i.alias for i in self.file.imports if i.module is None and i.name == "flask_script"}
        return found | {f"{module}.{name}" for module in modules}

    def _called(self, call: Node) -> str:
        function = call.child_by_field_name("function")
        return self.file.node_text(function) if function is not None else ""
