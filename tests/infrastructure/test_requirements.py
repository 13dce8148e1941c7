"""The Lambda layer holds only what Lambda runs, and its requirements match its imports.

Read from the source (no import of the package), so a module moved back from ``local/`` or a
dependency left out of a requirements file fails here rather than in a deployed function.
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterator
from importlib.metadata import packages_distributions
from pathlib import Path

from tests.conftest import ROOT

LAYER = ROOT / "layers" / "common" / "python"
PACKAGE = "awning_assistant"
LAYER_REQUIREMENTS = LAYER / "requirements.txt"
FUNCTIONS = sorted(p.parent for p in (ROOT / "functions").glob("*/app.py"))
# Installed for a function although nothing imports them by name.
RUNTIME_ONLY = {"pillow": "pypdfium2 renders scanned pages to PIL images for OCR"}


def normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_names(path: Path) -> set[str]:
    lines = (line.split("#", 1)[0].strip() for line in path.read_text().splitlines())
    return {normalised(re.split(r"[\[=<>~! ;]", line, maxsplit=1)[0]) for line in lines if line}


def module_name(path: Path) -> str:
    parts = path.relative_to(LAYER).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path, module: str) -> Iterator[str]:
    """Every module ``path`` imports, at the top or inside a function, relative ones resolved."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)


LAYER_MODULES = {module_name(p): p for p in (LAYER / PACKAGE).rglob("*.py")}


def third_party(imports: set[str]) -> set[str]:
    tops = {name.split(".")[0] for name in imports}
    return {t for t in tops if t != PACKAGE and t != "__future__" and t not in sys.stdlib_module_names}


def distributions(top_level: set[str]) -> set[str]:
    owners = packages_distributions()
    return {normalised(d) for t in top_level for d in owners.get(t, [t])}


def imports_of(paths: dict[str, Path]) -> set[str]:
    return {name for module, path in paths.items() for name in imported_modules(path, module)}


def test_every_module_of_the_layer_is_reached_from_a_function_handler():
    """A module only local mode, tests or tools use belongs in ``local/`` (or the tool's folder)."""
    edges = {m: {i for i in imported_modules(p, m) if i in LAYER_MODULES} for m, p in LAYER_MODULES.items()}
    reached: set[str] = set()
    todo = [i for f in FUNCTIONS for i in imported_modules(f / "app.py", "app") if i in LAYER_MODULES]
    while todo:
        module = todo.pop()
        if module not in reached:
            reached.add(module)
            parents = [".".join(module.split(".")[:k]) for k in range(1, module.count(".") + 1)]
            todo += [*edges[module], *parents]
    assert set(LAYER_MODULES) - reached == set()


def test_the_layer_imports_only_what_the_requirements_install():
    """Each third-party import is in the layer's requirements or in those of the functions that ship
    it beside the layer (DuckDB, the PDF layout and rendering libraries)."""
    function_requirements = set().union(*(requirement_names(f / "requirements.txt") for f in FUNCTIONS))
    installed = requirement_names(LAYER_REQUIREMENTS) | function_requirements
    assert distributions(third_party(imports_of(LAYER_MODULES))) - installed == set()


def test_the_layer_requires_nothing_it_does_not_import():
    """No package rides in the layer that no module imports (a command-line progress bar did)."""
    imported = distributions(third_party(imports_of(LAYER_MODULES)))
    assert requirement_names(LAYER_REQUIREMENTS) - imported == set()


def test_each_function_requires_only_what_it_imports():
    imported = distributions(third_party(imports_of(LAYER_MODULES)))
    for function in FUNCTIONS:
        handler = distributions(third_party(set(imported_modules(function / "app.py", "app"))))
        unused = requirement_names(function / "requirements.txt") - imported - handler - set(RUNTIME_ONLY)
        assert unused == set(), function.name


def test_the_projects_dependencies_are_the_deployed_requirements():
    """``pip install -e .`` gives the tests exactly the packages the deployed functions carry."""
    pyproject = (ROOT / "pyproject.toml").read_text()
    block = re.search(r"^dependencies = \[(.*?)^\]", pyproject, re.S | re.M)
    assert block
    declared = {normalised(re.split(r"[\[=<>~! ]", n, maxsplit=1)[0]) for n in re.findall(r'"([^"]+)"', block[1])}
    deployed = requirement_names(LAYER_REQUIREMENTS).union(
        *(requirement_names(f / "requirements.txt") for f in FUNCTIONS)
    )
    assert declared == deployed


def test_the_readmes_module_map_names_every_module_of_the_layer():
    """The map in the README is the architecture drawing: a module or sub-package it leaves out fails here."""
    readme = (ROOT / "README.md").read_text()
    drawing = readme.split(f"```\n{PACKAGE}/\n", 1)[1].split("```", 1)[0]
    named = set(re.findall(r"[a-z_]+/?", drawing))
    missing = set()
    for module in LAYER_MODULES:
        path = LAYER_MODULES[module]
        if path.name == "__init__.py":
            missing |= {f"{path.parent.name}/"} - named if module != PACKAGE else set()
        else:
            missing |= {path.stem} - named
    assert missing == set()
