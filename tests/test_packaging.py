"""The installed package has every subpackage and its templates (``pip install .``, not only editable)."""

from __future__ import annotations

import tomllib

from conftest import ROOT


def test_every_subpackage_is_listed_in_pyproject():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "amendtool").rglob("__init__.py")
    }
    assert found <= listed, f"add {sorted(found - listed)} to [tool.setuptools] packages"
    assert "amendtool.templates" in listed
    assert config["tool"]["setuptools"]["package-dir"]["amendtool.templates"] == "templates"


def test_templates_are_shipped_as_package_data():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["amendtool.templates"]
    templates = [p.name for p in (ROOT / "templates").iterdir() if p.suffix in (".html", ".css")]
    assert templates
    for name in templates:
        assert any(name.endswith(pattern.lstrip("*")) for pattern in patterns), name
