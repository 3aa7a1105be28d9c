"""The layers contract in pyproject.toml catches an import that points up the layers."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint_imports() -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_an_import_from_households_into_reporting_breaks_the_contract():
    probe = Path(settings.BASE_DIR, "households", f"_layer_probe_{os.getpid()}.py")
    probe.write_text("import reporting.indicators  # noqa: F401\n")
    try:
        broken = _lint_imports()
    finally:
        probe.unlink()
    assert broken.returncode != 0, broken.stdout
    assert "households is not allowed to import reporting" in broken.stdout
    assert probe.stem in broken.stdout
