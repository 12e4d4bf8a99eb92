"""No button or menu entry hands its ``checked`` flag to a slot that takes something else.

``QAbstractButton.clicked`` and ``QAction.triggered`` send ``checked: bool``. PySide6 passes it to a
slot that accepts one more positional argument, so ``button.clicked.connect(self.save_selected)``
with ``def save_selected(self, path=None)`` calls ``save_selected(False)`` (the «Lagre som PDF…»
crash). This test reads every module under ``ui/`` and checks each slot connected to those signals,
also slots handed through a helper (``self._button(name, text, slot)``).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "ui"
BOOL_SIGNALS = {"clicked", "triggered"}
CHECKED_NAMES = {"checked", "_checked", "_"}


@dataclass(frozen=True)
class Problem:
    where: str
    slot: str
    parameter: str

    def __str__(self) -> str:
        return f"{self.where}: {self.slot} gets the signal's bool as «{self.parameter}»"


def _functions(scope: ast.AST) -> dict[str, list[ast.FunctionDef]]:
    found: dict[str, list[ast.FunctionDef]] = {}
    for node in ast.walk(scope):
        if isinstance(node, ast.FunctionDef):
            found.setdefault(node.name, []).append(node)
    return found


def _methods_by_class(tree: ast.Module) -> dict[int, dict[str, list[ast.FunctionDef]]]:
    """For each line of the module, the methods of the class it is in (``self.x`` is looked up there)."""
    by_line: dict[int, dict[str, list[ast.FunctionDef]]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            methods = {n.name: [n] for n in node.body if isinstance(n, ast.FunctionDef)}
            for line in range(node.lineno, (node.end_lineno or node.lineno) + 1):
                by_line[line] = methods
    return by_line


def _first_extra_parameter(args: ast.arguments, is_method: bool) -> str | None:
    """The parameter a ``checked`` bool would land in, if it is not meant for it."""
    positional = [*args.posonlyargs, *args.args][1 if is_method else 0:]
    if not positional:
        return None  # no parameter, or *args: takes anything, deliberately
    first = positional[0]
    if isinstance(first.annotation, ast.Name) and first.annotation.id == "QModelIndex":
        return None  # an item view's clicked(QModelIndex), not a button's clicked(bool)
    return None if first.arg in CHECKED_NAMES else first.arg


def _slot_problem(slot: ast.expr, functions: dict[str, list[ast.FunctionDef]], where: str) -> Problem | None:
    if isinstance(slot, ast.Lambda):
        extra = _first_extra_parameter(slot.args, is_method=False)
        return Problem(where, "lambda", extra) if extra else None
    if isinstance(slot, ast.Attribute) and isinstance(slot.value, ast.Name) and slot.value.id == "self":
        for definition in functions.get(slot.attr, []):
            extra = _first_extra_parameter(definition.args, is_method=True)
            if extra:
                return Problem(where, f"self.{slot.attr}", extra)
    return None


def _connected_parameters(tree: ast.Module) -> dict[str, list[int | str]]:
    """Helpers that connect one of their own parameters: helper name → (position, name) of it."""
    helpers: dict[str, list[int | str]] = {}
    for definition in ast.walk(tree):
        if not isinstance(definition, ast.FunctionDef):
            continue
        names = [a.arg for a in [*definition.args.posonlyargs, *definition.args.args]]
        for node in ast.walk(definition):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "connect"
                    and isinstance(node.func.value, ast.Attribute) and node.func.value.attr in BOOL_SIGNALS
                    and node.args and isinstance(node.args[0], ast.Name) and node.args[0].id in names):
                name = node.args[0].id
                position = names.index(name) - (1 if names and names[0] == "self" else 0)
                helpers.setdefault(definition.name, []).extend([position, name])
    return helpers


def problems_in(source: str, label: str) -> list[Problem]:
    tree = ast.parse(source)
    module_functions = _functions(tree)
    classes = _methods_by_class(tree)
    helpers = _connected_parameters(tree)
    found: list[Problem] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        where = f"{label}:{node.lineno}"
        functions = classes.get(node.lineno, module_functions)
        if (node.func.attr == "connect" and isinstance(node.func.value, ast.Attribute)
                and node.func.value.attr in BOOL_SIGNALS and node.args):
            problem = _slot_problem(node.args[0], functions, where)
            if problem:
                found.append(problem)
        elif node.func.attr in helpers or (isinstance(node.func, ast.Name) and node.func.id in helpers):
            spec = helpers[node.func.attr]
            for position, name in zip(spec[::2], spec[1::2], strict=True):
                assert isinstance(position, int)
                slot = node.args[position] if position < len(node.args) else next(
                    (k.value for k in node.keywords if k.arg == name), None)
                if slot is not None:
                    problem = _slot_problem(slot, functions, where)
                    if problem:
                        found.append(problem)
    return found


def test_no_slot_gets_the_checked_flag_as_another_argument() -> None:
    found = [str(p) for path in sorted(UI.rglob("*.py"))
             for p in problems_in(path.read_text(encoding="utf-8"), str(path.relative_to(UI.parent)))]
    assert found == []


def test_the_check_finds_the_pattern() -> None:
    sample = (
        "class D:\n"
        "    def __init__(self):\n"
        "        self._button('x', self.save_selected)\n"
        "        self.other.clicked.connect(self.save_selected)\n"
        "        self.fine.clicked.connect(self.reload)\n"
        "    def _button(self, name, slot):\n"
        "        b.clicked.connect(slot)\n"
        "    def save_selected(self, path=None):\n"
        "        pass\n"
        "    def reload(self):\n"
        "        pass\n"
    )
    found = problems_in(sample, "sample.py")
    assert [(p.slot, p.parameter) for p in found] == [("self.save_selected", "path")] * 2
