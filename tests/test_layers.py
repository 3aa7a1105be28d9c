"""The layers contract in pyproject.toml catches an import that points up the layers."""

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from django.conf import settings

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint_imports(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _copy_of_the_project(tmp_path: Path) -> Path:
    # A copy, so that the probe never lands in the source tree, even if the run is killed.
    source = Path(settings.BASE_DIR)
    config = tomllib.loads((source / "pyproject.toml").read_text())
    for package in config["tool"]["importlinter"]["root_packages"]:
        shutil.copytree(
            source / package, tmp_path / package, ignore=shutil.ignore_patterns("locale", "*.mo")
        )
    shutil.copy(source / "pyproject.toml", tmp_path)
    return tmp_path


def test_the_project_keeps_its_layers_and_an_upward_import_breaks_them(tmp_path):
    root = _copy_of_the_project(tmp_path)
    kept = _lint_imports(root)
    assert kept.returncode == 0, kept.stdout

    (root / "households" / "layer_probe.py").write_text("import reporting.indicators  # noqa\n")
    broken = _lint_imports(root)
    assert broken.returncode != 0, broken.stdout
    assert "households is not allowed to import reporting" in broken.stdout
    assert "households.layer_probe -> reporting.indicators" in broken.stdout
