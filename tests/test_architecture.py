"""The house rules that a reader relies on: imports flow one way between the stages (no circles, not
even hidden in functions), and docs/architecture.md names every package and module."""

from __future__ import annotations

import ast
import functools
import re
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "amendtool"


def modules() -> dict[str, Path]:
    """Every module of the package by dotted name (``amendtool.draft.parser``)."""
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The package's own modules that ``name`` imports, anywhere in it (functions included)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    is_package = path.name == "__init__.py"
    found = set()
    for node in ast.walk(tree):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                pkg = name.split(".") if is_package else name.split(".")[:-1]
                pkg = pkg[: len(pkg) - (node.level - 1)]
                base = ".".join([*pkg, base] if base else pkg)
            targets = [f"{base}.{a.name}" for a in node.names] + [base]
        for t in targets:
            while t and t not in known:
                t = t.rpartition(".")[0]
            if t and t != name and not name.startswith(t + "."):  # a package's own __init__ is no edge
                found.add(t)
    return found


@functools.cache  # the tests only read it
def graph() -> dict[str, set[str]]:
    mods = modules()
    known = set(mods)
    return {name: imports(name, path, known) for name, path in mods.items()}


def cycles(g: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []
    counter = 0
    for root in sorted(g):
        if root in index:
            continue
        work = [(root, iter(sorted(g[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(g.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    top = stack.pop()
                    on_stack.discard(top)
                    component.append(top)
                    if top == node:
                        break
                if len(component) > 1:
                    out.append(sorted(component))
    return out


def test_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_circles():
    # Packages import each other's facades (amendtool.draft ...), whose __init__ imports their
    # modules: an edge to a package counts as an edge to its __init__ module only.
    found = cycles(graph())
    assert found == [], "import circles: " + "; ".join(" <-> ".join(c) for c in found)


STAGES = ["errors", "fileio", "text", "docx", "draft", "amend", "compile", "consolidate", "diff", "render", "akn",
          "parallel", "uptake", "server", "cli"]
"""The stages in the order data flows through them: a module imports only its own or earlier stages."""

STAGE_OF = {
    # Akoma Ntoso is read at two stages and written at the end: its draft reader stands with the
    # format readers (it needs no draft), its amendment reader with the amendment stage.
    "amendtool.akn.xml": "docx",
    "amendtool.akn.draft_text": "docx",
    "amendtool.akn.ids": "amend",
    "amendtool.akn.amendment_text": "amend",
}
"""Modules whose stage is not their package's."""


def stage(module: str) -> str | None:
    if module in STAGE_OF:
        return STAGE_OF[module]
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def test_stages_import_only_earlier_stages():
    rank = {name: k for k, name in enumerate(STAGES)}
    wrong = []
    for name, deps in graph().items():
        own = stage(name)
        if own not in rank:
            continue
        for dep in deps:
            other = stage(dep)
            if other in rank and rank[other] > rank[own]:
                wrong.append(f"{name} ({own}) imports {dep} ({other})")
    assert wrong == []


def test_every_package_has_a_stage():
    packages = {name.split(".")[1] for name in modules() if name.count(".") >= 1}
    assert packages <= set(STAGES) | {"__main__"}, f"give {packages - set(STAGES)} a place in STAGES"


def test_architecture_doc_names_every_package_and_module():
    # Each package has a paragraph of its own ("**`draft/`** ..."); a module is named in its package's
    # paragraph (with its sub-folder, if any: render/compilation/docx.py as "compilation/" and
    # "docx.py"); top-level modules anywhere.
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    paragraphs = {}
    for block in doc.split("\n\n"):
        m = re.match(r"\*\*`(\w+)/`\*\*", block)
        if m:
            paragraphs[m.group(1)] = block
    missing = []
    for path in modules().values():
        rel = path.relative_to(PACKAGE)
        parts = rel.parts
        if "migrations" in parts:
            continue  # the database schema's history, written by Django's makemigrations
        if len(parts) == 1:
            if rel.name not in ("__init__.py", "__main__.py") and f"`{rel.name}`" not in doc:
                missing.append(str(rel))
            continue
        block = paragraphs.get(parts[0])
        if block is None:
            missing.append(f"{parts[0]}/ (no paragraph **`{parts[0]}/`**)")
            continue
        names = [f"{d}/" for d in parts[1:-1]] + ([] if rel.name == "__init__.py" else [rel.name])
        if not all(n in block for n in names):
            missing.append(str(rel))
    assert missing == [], f"docs/architecture.md does not name: {missing}"
