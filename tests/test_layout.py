"""The floor plan holds: data flows one way through the stages, and only the MkDocs shell knows MkDocs."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "generator"
STAGES = ["read", "find", "check", "render", "export"]
"""In pipeline order: a stage may import an earlier one, never a later one."""


def _imports(path: Path) -> set[str]:
    """Every module a file imports, as a dotted name from the package's root ('generator.x.y')."""
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    package = parts if path.name == "__init__.py" else parts[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = list(package[:len(package) - node.level + 1]) if node.level else []
            found.add(".".join([*base, *(node.module or "").split(".")]).strip("."))
    return found


MODULES = sorted(PACKAGE.rglob("*.py"))
CORE = [p for p in MODULES if p.relative_to(PACKAGE).parts[0] not in ("pipeline.py", "shells", "__init__.py",
                                                                      "__main__.py")]
"""Every module but the pipeline and the shells, which may import every stage."""
NOT_MKDOCS_SHELL = [p for p in MODULES if "mkdocs_plugin" not in p.parts]


@pytest.mark.parametrize("path", CORE, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_no_stage_imports_a_later_one_nor_a_shell(path):
    where = path.relative_to(PACKAGE).parts[0]
    # edit/ rewrites files: it may read them as the validator does (read/) and find passages in
    # them (find/: `import` anchors what it adds), and nothing later.
    later = STAGES[STAGES.index(where) + 1:] if where in STAGES else STAGES[2:] if where == "edit" else STAGES
    forbidden = {f"generator.{name}" for name in [*later, "shells", "pipeline"]}
    imported = _imports(path)
    assert not {m for m in imported for f in forbidden if m == f or m.startswith(f + ".")}


@pytest.mark.parametrize("path", NOT_MKDOCS_SHELL, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_only_the_mkdocs_shell_imports_mkdocs_or_material(path):
    assert not {m for m in _imports(path) if m.split(".")[0] in ("mkdocs", "material")}


def test_the_layout_check_sees_imports():
    """The two tests above would pass on a file they could not read: they can."""
    assert "generator.model" in _imports(PACKAGE / "find" / "anchor.py")
    assert "mkdocs.plugins" in _imports(PACKAGE / "shells" / "mkdocs_plugin" / "plugin.py")
    assert "generator.render.paths" in _imports(PACKAGE / "export" / "w3c.py")


NAMEDTUPLE_API = {"_replace", "_asdict", "_fields", "_make"}
"""Named tuples' public methods, which start with an underscore so as not to clash with fields."""


def _own_private_names() -> set[str]:
    """Every `_name` this package defines: its own functions, classes, attributes and fields."""
    names = set()
    for path in MODULES:
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(node.name)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                names.add(node.attr)
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                names.add(node.target.id)
    return {name for name in names if name.startswith("_")}


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_no_module_touches_a_private_name_of_another_project(path):
    """Neither `from x import _y` nor `thing._y` for a name this package does not define: MkDocs,
    Material and every other library are used through their public names only."""
    own = _own_private_names() | NAMEDTUPLE_API
    touched = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and not node.level and (node.module or "").split(".")[0] != "generator":
            touched |= {f"{node.module}.{a.name}" for a in node.names if a.name.startswith("_") and a.name != "__future__"}
            touched |= {node.module for part in (node.module or "").split(".") if part.startswith("_")
                        and node.module != "__future__"}
        elif isinstance(node, ast.Import):
            touched |= {a.name for a in node.names if any(p.startswith("_") for p in a.name.split("."))}
        elif isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__") \
                and node.attr not in own:
            touched.add(ast.unparse(node))
    assert not touched


def test_the_private_name_check_sees_what_it_forbids(tmp_path):
    """The test above would pass on code it could not read: it reads these."""
    bad = "from mkdocs.structure.files import _file_sort_key\nimport mkdocs._internal\nx = config.plugins._current_plugin\n"
    for line in bad.splitlines():
        sample = tmp_path / "sample.py"
        sample.write_text(line + "\n")
        with pytest.raises(AssertionError):
            test_no_module_touches_a_private_name_of_another_project(sample)
