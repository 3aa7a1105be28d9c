"""The figures' cache keys carry a digest of the whole code: any change of it, in any app the
families call, makes a deployment read none of the rows an older one stored."""

from pathlib import Path

from reporting import figures_cache


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


BASE = {
    "core/__init__.py": "",
    "core/dates.py": "def today(): ...\n",
    "reporting/__init__.py": "",
    "reporting/indicators/compute.py": "FAMILIES = {}\n",
    "tests/__init__.py": "",
    "tests/test_x.py": "def test(): ...\n",
}


def test_a_change_in_a_helper_of_another_app_changes_the_version(tmp_path):
    before = figures_cache.code_version(_tree(tmp_path, BASE))
    (tmp_path / "core" / "dates.py").write_text("def today(): return 1\n")
    assert figures_cache.code_version(tmp_path) != before


def test_a_new_module_or_a_renamed_one_changes_the_version(tmp_path):
    before = figures_cache.code_version(_tree(tmp_path, BASE))
    (tmp_path / "core" / "scopes.py").write_text("")
    added = figures_cache.code_version(tmp_path)
    assert added != before
    (tmp_path / "core" / "scopes.py").rename(tmp_path / "core" / "scope.py")
    assert figures_cache.code_version(tmp_path) not in {before, added}


def test_the_tests_and_what_is_no_package_leave_it_alone(tmp_path):
    before = figures_cache.code_version(_tree(tmp_path, BASE))
    (tmp_path / "tests" / "test_x.py").write_text("def test(): assert 1\n")
    _tree(tmp_path, {"scripts/run.py": "print()\n"})
    assert figures_cache.code_version(tmp_path) == before


def test_the_running_code_has_one_version():
    root = Path(figures_cache.__file__).resolve().parent.parent
    assert figures_cache.code_version(root) == figures_cache.CODE_VERSION
