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
