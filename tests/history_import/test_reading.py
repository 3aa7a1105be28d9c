"""Reading a file of past cases: what cannot be read is refused at its row and column, unwritten."""

import datetime

import pytest
from django.utils import translation

from history_import.models import RunStatus
from households.models import Household, Person
from tests.history_import.files import (
    counts,
    errors,
    moved_case,
    run,
    withdrawn_case,
    xlsx_bytes,
)
from tests.history_import.helpers import HEADINGS, csv_bytes, person_row

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_and_media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # The users of these tests never log in: a fast hasher keeps the file well under a minute.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with translation.override("en"):
        yield


def refused(rows_or_data, site, by, **kwargs):
    """Import for real a file that must be refused: its errors, after checking nothing moved."""
    before = counts()
    import_run = run(rows_or_data, site=site, by=by, **kwargs)
    assert counts() == before
    assert import_run.status == RunStatus.CHECKED
    assert import_run.errors
    return errors(import_run)


def messages_at(found, row, column) -> list[str]:
    return [message for r, c, message in found if (r, c) == (row, column)]


# --- the file as a whole -----------------------------------------------------------------------


def test_cp1252_file_reads_its_accents(site_a, coordinator):
    data = csv_bytes([moved_case(first_name="Hélène", last_name="Müller")], encoding="cp1252")

    import_run = run(data, site=site_a, by=coordinator)

    assert import_run.status == RunStatus.IMPORTED, import_run.errors
    person = Person.objects.get()
    assert (person.first_name, person.last_name) == ("Hélène", "Müller")


def test_utf8_with_bom_and_comma_separator_read_alike(site_a, coordinator):
    data = b"\xef\xbb\xbf" + csv_bytes([moved_case(first_name="Zoé")], delimiter=",")

    import_run = run(data, site=site_a, by=coordinator)

    assert import_run.status == RunStatus.IMPORTED, import_run.errors
    assert Person.objects.get().first_name == "Zoé"


def test_utf16_file_is_refused(site_a, coordinator):
    data = csv_bytes([moved_case()], encoding="utf-16")

    assert refused(data, site_a, coordinator) == [(1, "", "This file is not a CSV text file.")]


def test_binary_file_is_refused(site_a, coordinator):
    data = bytes(range(256)) * 40

    assert refused(data, site_a, coordinator) == [(1, "", "This file is not a CSV text file.")]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("cases.csv", "This file is not a CSV text file."),
        ("cases.xlsx", "This file is not a readable XLSX workbook."),
    ],
)
def test_pdf_is_not_a_spreadsheet(site_a, coordinator, name, message):
    data = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"

    assert refused(data, site_a, coordinator, name=name) == [(1, "", message)]


def test_file_over_the_size_limit_is_refused(site_a, coordinator):
    row = "2019-001;04/02/2019;" + "x" * 200 + "\r\n"
    data = csv_bytes([]) + row.encode() * (20 * 1024 * 1024 // len(row))

    found = refused(data, site_a, coordinator)

    assert found == [(1, "", "The file is too large (at most 10 MB).")]


def test_empty_lines_are_skipped_and_rows_keep_their_numbers(site_a, coordinator):
    rows = [moved_case("A"), {}, {}, person_row("B", "Nour", "Sami", relation="head")]

    found = refused(rows, site_a, coordinator)

    # Row 5 of the spreadsheet: the heading, case A, two empty lines, then case B.
    assert found == [(5, "Date d'orientation", "This cell is empty.")]


def test_missing_mandatory_column_is_named(site_a, coordinator):
    headings = [heading for heading in HEADINGS if heading != "Lien"]

    found = refused(csv_bytes([moved_case()], headings=headings), site_a, coordinator)

    assert found == [(1, "Lien", "This column is missing from the file.")]


def test_file_with_headings_only_is_refused(site_a, coordinator):
    assert refused(csv_bytes([]), site_a, coordinator) == [
        (2, "", "The file has no row below its headings.")
    ]


def test_xlsx_reads_as_the_csv_does(site_a, site_b, coordinator, admin_user):
    rows = [
        moved_case(followup_1="15/04/2020", followup_1_housing="oui"),
        person_row("2019-017", "Haddad", "Omar", relation="child", birth_date="03/01/2015"),
    ]

    def as_workbook_cell(name, text):
        # A spreadsheet keeps dates as dates: the reader must turn them back into days.
        if name.endswith(("_on", "_date", "followup_1")) and "/" in text:
            return datetime.datetime.strptime(text, "%d/%m/%Y")
        return text

    from_csv = run(rows, site=site_a, by=coordinator, dry_run=True)
    from_xlsx = run(
        xlsx_bytes(rows, cell=as_workbook_cell), site=site_a, by=coordinator, name="c.xlsx"
    )

    assert from_xlsx.status == RunStatus.IMPORTED, from_xlsx.errors
    assert from_xlsx.summary["households"] == from_csv.summary["households"] == 1
    assert {k: v for k, v in from_xlsx.summary.items() if k != "written"} == from_csv.summary
    household = Household.objects.get()
    assert household.referral_date == datetime.date(2019, 2, 4)
    assert sorted(household.members.values_list("birth_date", flat=True)) == [
        datetime.date(1988, 6, 12),
        datetime.date(2015, 1, 3),
    ]


# --- the cells ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("case", "column", "value", "allowed"),
    [
        (
            moved_case(relation="boss"),
            "Lien",
            "boss",
            "head, spouse, child, parent, sibling, other",
        ),
        (moved_case(lever="bicycle"), "Levier", "bicycle", "employment, training, housing"),
        (
            moved_case(protection_status="tourist"),
            "Statut",
            "tourist",
            "refugee, subsidiary, stateless",
        ),
        (
            withdrawn_case(withdrawal_reason="bored"),
            "Motif d'abandon",
            "bored",
            "solution_idf, not_willing, not_eligible, lost_contact",
        ),
    ],
)
def test_unknown_value_is_named_with_the_allowed_ones(
    site_a, coordinator, case, column, value, allowed
):
    found = refused([case], site_a, coordinator)

    assert len(found) == 1, found
    row, heading, message = found[0]
    assert (row, heading) == (2, column)
    assert f"“{value}”" in message
    assert allowed in message


def test_values_are_known_by_their_french_label_as_well(site_a, coordinator):
    case = moved_case(relation="Chef de ménage", lever="Logement", sex="femme")

    import_run = run([case], site=site_a, by=coordinator)

    assert import_run.status == RunStatus.IMPORTED, import_run.errors
    person = Person.objects.get()
    assert (person.relation, person.sex) == ("head", "F")


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("31/02/2019", "This date does not exist (for example 31/02)."),
        ("04/02/1850", "The year must be between 1900 and 2100."),
        ("04/02/2219", "The year must be between 1900 and 2100."),
        ("le 4 février", "Not a date (dd/mm/yyyy or yyyy-mm-dd)."),
    ],
)
def test_date_that_cannot_be_is_refused(site_a, coordinator, cell, message):
    found = refused([moved_case(referral_date=cell)], site_a, coordinator)

    assert found == [(2, "Date d'orientation", message)]


def test_impossible_workshop_date_names_the_day(site_a, coordinator):
    found = refused([moved_case(workshop_dates="18/02/2019, 30/02/2019")], site_a, coordinator)

    assert found == [
        (2, "Dates d'atelier", "30/02/2019: This date does not exist (for example 31/02).")
    ]


@pytest.mark.parametrize("formula", ['=HYPERLINK("http://x.example","clic")', "+1", "@SUM(A1)"])
def test_formula_in_a_cell_is_refused(site_a, coordinator, formula):
    found = refused([moved_case(destination_commune=formula)], site_a, coordinator)

    assert found == [(2, "Commune d'arrivée", "This cell holds a formula: type its value instead.")]


def test_formula_in_a_workbook_is_refused(site_a, coordinator):
    data = xlsx_bytes([moved_case(last_name="=CONCAT(A1,B1)")])

    found = refused(data, site_a, coordinator, name="cases.xlsx")

    assert found == [(2, "Nom", "This cell holds a formula: type its value instead.")]


def test_rows_of_a_case_disagreeing_on_a_household_column(site_a, coordinator):
    rows = [
        moved_case("2019-017"),
        person_row("2019-017", "Haddad", "Omar", relation="child", moved_on="15/03/2020"),
    ]

    found = refused(rows, site_a, coordinator)

    assert found == [
        (3, "Date de déménagement", "This case's row 2 says otherwise: one value per case.")
    ]


def test_disagreement_names_the_row_that_gave_the_value(site_a, coordinator):
    rows = [
        moved_case("2019-017"),
        person_row("2019-017", "Haddad", "Omar", relation="child", closed_on="20/04/2021"),
        person_row("2019-017", "Haddad", "Lina", relation="child", closed_on="21/04/2021"),
    ]

    found = refused(rows, site_a, coordinator)

    # Row 2 left the cell empty: the closing date was given on row 3.
    assert found == [
        (4, "Date de clôture", "This case's row 3 says otherwise: one value per case.")
    ]


def test_household_columns_may_be_repeated_on_every_row(site_a, coordinator):
    head = moved_case("2019-017")
    child = {**head, "first_name": "Omar", "relation": "child", "birth_date": "03/01/2015"}

    import_run = run([head, child], site=site_a, by=coordinator)

    assert import_run.status == RunStatus.IMPORTED, import_run.errors
    assert Household.objects.get().members.count() == 2


def test_followup_date_repeated_without_its_details_agrees(site_a, coordinator):
    # An empty cell on a later row is no other value, for a follow-up's outcome as for any
    # household column.
    head = moved_case("2019-017", followup_1="15/04/2020", followup_1_housing="oui")
    child = person_row("2019-017", "Haddad", "Omar", relation="child", followup_1="15/04/2020")

    import_run = run([head, child], site=site_a, by=coordinator)

    assert import_run.status == RunStatus.IMPORTED, import_run.errors


def test_evidence_without_its_number_or_issue(site_a, coordinator):
    case = moved_case(evidence_kind="ofpra_decision")

    found = refused([case], site_a, coordinator)

    assert found == [
        (2, "N° du justificatif", "Give the number of the document."),
        (2, "Justificatif délivré le", "Give the date the document was issued."),
    ]


def test_evidence_number_without_its_kind(site_a, coordinator):
    case = moved_case(evidence_number="OF-1", evidence_issued_on="10/11/2018")

    found = refused([case], site_a, coordinator)

    assert found == [(2, "Justificatif", "Say which document this is.")]


@pytest.mark.parametrize(
    ("name", "heading", "longest"),
    [("evidence_number", "N° du justificatif", 100), ("referring_centre", "Orienté par", 200)],
)
def test_cell_longer_than_its_field_is_refused_at_its_cell(
    site_a, coordinator, name, heading, longest
):
    case = moved_case(evidence_kind="ofpra_decision", evidence_issued_on="10/11/2018")
    case.setdefault("evidence_number", "OF-1")
    case[name] = "x" * (longest + 1)

    found = refused([case], site_a, coordinator)

    assert found == [(2, heading, f"This cell is too long (at most {longest} characters).")]


def test_unknown_departement_and_region(site_a, coordinator):
    case = moved_case(target_region="Atlantis", destination_departement="999")

    found = refused([case], site_a, coordinator)

    assert messages_at(found, 2, "Région visée") == [
        "Unknown region: give its name or its INSEE code."
    ]
    assert messages_at(found, 2, "Département d'arrivée") == [
        "Unknown département: give its code (69, 2A, 971) or its name."
    ]


def test_messages_are_in_the_language_of_who_sent_the_file(site_a, coordinator):
    rows = [moved_case("A", referral_date="31/02/2019"), moved_case("B", "Nour", relation="boss")]

    with translation.override("fr"):
        found = refused(rows, site_a, coordinator)

    assert found[0] == (2, "Date d'orientation", "Cette date n’existe pas (par exemple 31/02).")
    row, column, message = found[1]
    assert (row, column) == (3, "Lien")
    assert message.startswith("« boss » ne fait pas partie des valeurs admises")


def test_headings_in_english_are_read(site_a, coordinator):
    english = {"N° dossier": "case number", "Nom": "last name", "Lien": "relationship"}
    rows = csv_bytes([moved_case()]).split(b"\r\n", 1)[1]
    heading_line = ";".join(english.get(heading, heading) for heading in HEADINGS).encode()

    import_run = run(heading_line + b"\r\n" + rows, site=site_a, by=coordinator)

    assert import_run.status == RunStatus.IMPORTED, import_run.errors
    person = Person.objects.get()
    assert (person.household.import_key, person.last_name, person.relation) == (
        "2019-017",
        "Haddad",
        "head",
    )
