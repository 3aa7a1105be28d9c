"""manage.py import_households: the same check and import as the pages, from a shell."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from history_import.models import ImportRun, RunStatus
from households.models import Household
from tests.factories import UserFactory
from tests.history_import.files import counts
from tests.history_import.helpers import csv_bytes, person_row

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def head(case="2019-001", **cells):
    return person_row(case, "Haddad", "Amina", referral_date="04/02/2019", relation="head", **cells)


@pytest.fixture
def archive(tmp_path):
    def write(rows, name="archive.csv"):
        path = tmp_path / name
        path.write_bytes(csv_bytes(rows))
        return str(path)

    return write


def run_command(*args) -> str:
    out = StringIO()
    call_command("import_households", *args, stdout=out)
    return out.getvalue()


def test_a_dry_run_writes_nothing_but_its_run(archive, site_a, admin_user):
    before = counts()
    output = run_command(archive([head(), head("2019-002")]), "--site", site_a.code, "--dry-run")
    assert counts() == before
    run = ImportRun.objects.get()
    assert run.status == RunStatus.CHECKED and run.created_by == admin_user
    assert "Dry run" in output


def test_the_import_writes_the_households_as_the_user_given(archive, site_a, coordinator):
    output = run_command(
        archive([head(), head("2019-002")]), "--site", "paris", "--user", coordinator.username
    )
    assert Household.objects.filter(site=site_a).count() == 2
    run = ImportRun.objects.get()
    assert run.status == RunStatus.IMPORTED and run.imported_by == coordinator
    assert "written household: 2" in output


def test_a_file_with_errors_prints_them_and_fails(archive, site_a, admin_user):
    path = archive([head(), head("2019-002", birth_date="31/02/2019")])
    out = StringIO()
    with pytest.raises(CommandError, match="1 errors"):
        call_command("import_households", path, "--site", "paris", stdout=out)
    assert "row 3 · Date de naissance ·" in out.getvalue()
    assert not Household.objects.exists()


def test_it_needs_a_known_site_and_an_importer(archive, site_a, social_worker):
    path = archive([head()])
    with pytest.raises(CommandError, match="No site"):
        run_command(path, "--site", "nowhere", "--user", social_worker.username)
    with pytest.raises(CommandError, match="may not import"):
        run_command(path, "--site", "paris", "--user", social_worker.username)
    with pytest.raises(CommandError, match="No active superuser"):
        run_command(path, "--site", "paris")
    UserFactory(username="root", is_superuser=True, is_active=False)
    with pytest.raises(CommandError, match="No active superuser"):
        run_command(path, "--site", "paris")
