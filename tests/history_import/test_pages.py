"""The import pages: send a file, read what its check found, map its headings, import it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from accounts.models import Role
from history_import.models import ColumnMapping, ImportRun, RunStatus
from households.models import Household
from tests.factories import user_with_role
from tests.history_import.helpers import HEADINGS, csv_bytes, person_row

pytestmark = pytest.mark.django_db

LIST = reverse("history_import:list")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def head(case="2019-001", last_name="Haddad", first_name="Amina", **cells) -> dict:
    return person_row(
        case, last_name, first_name, referral_date="04/02/2019", relation="head", **cells
    )


def french(message: str) -> str:
    with translation.override("fr"):
        return gettext(message)


@pytest.fixture
def send(client, coordinator, site_a, django_capture_on_commit_callbacks):
    """Send a file as the coordinator; its check runs when the request commits."""
    client.force_login(coordinator)

    def send(data: bytes, name="archive.csv", follow=True):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                LIST, {"site": site_a.pk, "file": SimpleUploadedFile(name, data)}
            )
        if not follow or response.status_code != 302:
            return response
        # Followed once the check has run, as the browser does after the commit.
        page = client.get(response["Location"])
        page.url = response["Location"]
        return page

    return send


def test_a_bad_row_shows_its_row_column_and_message_and_no_import_button(send):
    response = send(
        csv_bytes([head(), head("2019-002", "Karimi", "Reza", birth_date="31/02/2019")])
    )
    run = ImportRun.objects.get()
    assert response.url == run.get_absolute_url()
    assert run.status == RunStatus.CHECKED
    assert [(e["row"], e["column"]) for e in run.errors] == [(3, "Date de naissance")]
    page = response.content.decode()
    assert run.errors[0]["message"] in page
    assert french("This date does not exist (for example 31/02).") == run.errors[0]["message"]
    assert 'id="import-errors"' in page
    assert reverse("history_import:confirm", args=[run.pk]) not in page
    assert not Household.objects.exists()


def test_the_fixed_file_offers_the_import_which_writes_the_households(
    send, client, django_capture_on_commit_callbacks
):
    send(csv_bytes([head(birth_date="31/02/2019")]))
    response = send(csv_bytes([head(), head("2019-002", "Karimi", "Reza")]))
    run = ImportRun.objects.order_by("-pk").first()
    assert run.can_import
    confirm = reverse("history_import:confirm", args=[run.pk])
    assert confirm in response.content.decode()
    assert run.summary["households"] == 2

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(confirm, follow=True)
    run.refresh_from_db()
    assert run.status == RunStatus.IMPORTED
    assert not run.file
    assert confirm not in response.content.decode()
    assert reverse("households:list") in response.content.decode()
    households = client.get(reverse("households:list")).content.decode()
    assert "Amina HADDAD" in households and "Reza KARIMI" in households
    assert Household.objects.filter(import_key__in=["2019-001", "2019-002"]).count() == 2


def test_unknown_headings_go_to_the_mapping_step_which_the_next_file_reuses(
    send, client, site_a, django_capture_on_commit_callbacks
):
    headings = [("Nom d'usage" if h == "Nom" else h) for h in HEADINGS]
    row = {**head(), "Nom d'usage": "Haddad"}
    response = send(csv_bytes([row], headings=headings), follow=False)
    run = ImportRun.objects.get()
    mapping_url = reverse("history_import:mapping", args=[run.pk])
    assert response["Location"] == mapping_url

    page = client.get(mapping_url)
    form = page.context["form"]
    position = headings.index("Nom d'usage")
    assert form[f"h{position}"].value() == ""
    assert form[f"h{headings.index('Prénom')}"].value() == "first_name"
    data = {f"h{i}": form[f"h{i}"].value() or "" for i in range(len(headings))}
    data[f"h{position}"] = "last_name"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(mapping_url, data)
    assert response["Location"] == run.get_absolute_url()
    run.refresh_from_db()
    assert run.can_import, run.errors
    assert run.mapping["Nom d'usage"] == "last_name"
    assert ColumnMapping.objects.get(site=site_a).mapping["Nom d'usage"] == "last_name"

    response = send(csv_bytes([{**row, "case": "2019-005"}], headings=headings), follow=False)
    again = ImportRun.objects.order_by("-pk").first()
    assert response["Location"] == again.get_absolute_url()
    assert again.can_import


def test_a_column_mapped_twice_is_refused(send, client):
    headings = [
        "N° dossier",
        "Date d'orientation",
        "Nom d'usage",
        "Nom de naissance",
        "Prénom",
        "Lien",
    ]
    send(csv_bytes([head()], headings=headings), follow=False)
    run = ImportRun.objects.get()
    data = {"h0": "case", "h1": "referral_date", "h2": "last_name", "h3": "last_name"}
    data.update({"h4": "first_name", "h5": "relation"})
    response = client.post(reverse("history_import:mapping", args=[run.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].errors["h3"]
    assert not ColumnMapping.objects.exists()


def test_an_oversized_file_is_refused_on_the_form(send, settings):
    settings.MAX_UPLOAD_MB = 1
    response = send(b"x" * (1024 * 1024 + 1))
    assert response.status_code == 200
    too_large = french("The file is too large (at most %(mb)s MB).") % {"mb": "1"}
    assert response.context["form"].errors["file"] == [too_large]
    assert not ImportRun.objects.exists()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("scan.pdf", "Send a CSV (.csv) or XLSX (.xlsx) file."),
        ("scan.csv", "This file is not a CSV text file."),
    ],
)
def test_a_file_that_is_no_spreadsheet_says_so(send, name, message):
    # Refused on the form at once (core.uploads.validate_table): junk is never stored.
    response = send(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", name=name)
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [french(message)]
    assert not ImportRun.objects.exists()


def test_discarding_forgets_the_file(send, client, django_capture_on_commit_callbacks):
    send(csv_bytes([head(birth_date="31/02/2019")]))
    run = ImportRun.objects.get()
    response = client.post(reverse("history_import:discard", args=[run.pk]))
    assert response["Location"] == LIST
    assert not ImportRun.objects.exists()


def test_the_progress_bar_polls_until_the_check_is_done(client, coordinator, site_a):
    client.force_login(coordinator)
    client.post(LIST, {"site": site_a.pk, "file": SimpleUploadedFile("a.csv", csv_bytes([head()]))})
    run = ImportRun.objects.get()  # its check waits for a commit that never comes
    progress = reverse("history_import:progress", args=[run.pk])
    page = client.get(run.get_absolute_url()).content.decode()
    assert f'hx-get="{progress}"' in page
    assert client.get(progress, headers={"HX-Request": "true"}).status_code == 200
    ImportRun.objects.filter(pk=run.pk).update(status=RunStatus.CHECKED)
    response = client.get(progress, headers={"HX-Request": "true"})
    assert response["HX-Refresh"] == "true"


@pytest.mark.parametrize("role", ["social_worker", "director", "auditor"])
def test_only_coordinators_and_admins_import(client, world, role):
    client.force_login(world.users[role])
    assert client.get(LIST).status_code == 403
    assert client.get(reverse("history_import:template")).status_code == 403
    page = client.get(reverse("households:list")).content.decode()
    assert LIST not in page


def test_coordinators_find_the_imports_in_the_menu_with_their_site_chosen(
    client, coordinator, site_a, site_b
):
    client.force_login(coordinator)
    assert LIST in client.get(reverse("households:list")).content.decode()
    form = client.get(LIST).context["form"]
    assert list(form.fields["site"].queryset) == [site_a]
    assert form["site"].value() == site_a.pk


def test_a_run_of_another_site_is_not_found(send, client, site_b):
    send(csv_bytes([head()]))
    run = ImportRun.objects.get()
    client.force_login(user_with_role(Role.COORDINATOR, site_b, username="coord.b"))
    assert client.get(run.get_absolute_url()).status_code == 404
    assert client.post(reverse("history_import:confirm", args=[run.pk])).status_code == 404
    assert run not in client.get(LIST).context["page"].object_list


def test_the_list_takes_as_many_queries_for_one_run_as_for_many(send, client, coordinator):
    send(csv_bytes([head(birth_date="31/02/2019")]))

    def list_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(LIST).status_code == 200
        return len(queries)

    one = list_queries()
    for case in ("2019-002", "2019-003", "2019-004"):
        send(csv_bytes([head(case)]))
    assert ImportRun.objects.count() == 4
    # session, user, memberships; the sites of the form; the page's count and its runs (with
    # their site and users): none per run.
    assert list_queries() == one


def test_administrators_read_the_runs_in_the_admin(send, client, admin_user):
    send(csv_bytes([head()]))
    run = ImportRun.objects.get()
    client.force_login(admin_user)
    assert client.get(reverse("admin:history_import_importrun_changelist")).status_code == 200
    page = client.get(reverse("admin:history_import_importrun_change", args=[run.pk]))
    assert page.status_code == 200
    assert run.sha256 in page.content.decode()


def test_the_columns_wait_for_the_running_check(client, coordinator, site_a):
    client.force_login(coordinator)
    data = csv_bytes([head()], headings=["N° dossier", "Date d'orientation", "Nom", "Prénom"])
    client.post(LIST, {"site": site_a.pk, "file": SimpleUploadedFile("a.csv", data)})
    run = ImportRun.objects.get()  # its check waits for a commit that never comes
    mapping_url = reverse("history_import:mapping", args=[run.pk])
    assert client.get(mapping_url).status_code == 200
    response = client.post(mapping_url, {"h0": "case", "h1": "referral_date"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not ColumnMapping.objects.exists()
