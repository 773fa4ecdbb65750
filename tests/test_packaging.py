"""The package as pip installs it (not editable): every module and stylesheet is in it.

The README's first command installs teitools without `-e`, so a subpackage missing from
pyproject.toml works in the checkout and fails for every user.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _declared_packages() -> set[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return set(config["tool"]["setuptools"]["packages"])


def test_every_python_package_is_declared() -> None:
    on_disk = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "teitools").rglob("__init__.py")
    }
    missing = on_disk - _declared_packages()
    assert not missing, f"pyproject.toml [tool.setuptools] packages lacks {sorted(missing)}"


@pytest.mark.slow
def test_wheel_builds_an_edition(tmp_path: Path) -> None:
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    for name in ("teitools", "xslt", "schema"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    wheels, site = tmp_path / "wheels", tmp_path / "site"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--quiet"]
    subprocess.run([*pip, "wheel", "--no-deps", "-w", str(wheels), str(source)], check=True)
    (wheel,) = wheels.glob("teitools-*.whl")
    subprocess.run([*pip, "install", "--no-deps", "--target", str(site), str(wheel)], check=True)

    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(site)}
    where = subprocess.run(
        [sys.executable, "-c", "import teitools; print(teitools.__file__)"],
        env=env, capture_output=True, text=True, check=True, cwd=tmp_path,
    ).stdout
    assert where.startswith(str(site)), where
    assert json.loads((site / "teitools" / "deposit" / "bagit-profile.json").read_text(encoding="utf-8"))[
        "BagIt-Profile-Info"]["BagIt-Profile-Identifier"], "the BagIt profile is package data"
    result = subprocess.run(
        [sys.executable, "-m", "teitools", "build", "--format", "txt", "--output", str(out),
         str(ROOT / "tei")],
        env=env, capture_output=True, text=True, cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert len(list(out.rglob("*.txt"))) >= 3
