"""Judging each case of a file: the order of its events, and what the database already holds."""

import datetime

import pytest
from django.utils import translation

from accounts.models import Role
from core.dates import today
from history_import.models import RunStatus
from households.models import Household, Person
from tests.factories import make_household, make_person, user_with_role
from tests.history_import.files import counts, errors, moved_case, run, withdrawn_case
from tests.history_import.helpers import person_row

pytestmark = pytest.mark.django_db

MOVE = "Date de déménagement"


@pytest.fixture(autouse=True)
def _english_and_media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # The users of these tests never log in: a fast hasher keeps the file well under a minute.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with translation.override("en"):
        yield


def refused(rows, site, by):
    """Import for real a file that must be refused: its errors, after checking nothing moved."""
    before = counts()
    import_run = run(rows, site=site, by=by)
    assert counts() == before
    assert import_run.status == RunStatus.CHECKED
    assert import_run.errors
    return errors(import_run)


def at(found) -> list[tuple[int, str]]:
    return [(row, column) for row, column, _message in found]


def in_days(days: int) -> str:
    return (today() + datetime.timedelta(days=days)).strftime("%d/%m/%Y")


# --- the order of the events -------------------------------------------------------------------


def test_move_before_its_plan_signature(site_a, coordinator):
    # One message, naming the signature: not a second one that gives the signature's date as
    # the plan interview's.
    found = refused([moved_case(plan_signed_on="01/04/2020")], site_a, coordinator)

    assert found == [
        (
            2,
            MOVE,
            "This date is before the Date de signature du plan (04/01/2020): "
            "the events are out of order.",
        )
    ]


def test_move_before_its_plan_interview(site_a, coordinator):
    case = moved_case(diagnostic_on="25/02/2020", plan_interview_on="20/03/2020")

    found = refused([case], site_a, coordinator)

    assert found == [
        (
            2,
            MOVE,
            "This date is before the Date entretien projet (03/20/2020): "
            "the events are out of order.",
        )
    ]


def test_plan_interview_needs_diagnostic(site_a, coordinator):
    found = refused([moved_case(diagnostic_on="")], site_a, coordinator)

    assert found == [
        (
            2,
            "Date entretien projet",
            "The plan interview needs the date of the diagnostic interview before it.",
        )
    ]


def test_plan_interview_before_the_diagnostic(site_a, coordinator):
    found = refused([moved_case(diagnostic_on="20/03/2019")], site_a, coordinator)

    assert at(found) == [(2, "Date entretien projet")]
    assert "Date entretien diagnostic (03/20/2019)" in found[0][2]


def test_move_needs_a_plan(site_a, coordinator):
    case = moved_case(plan_interview_on="", lever="", target_region="", target_departement="")

    found = refused([case], site_a, coordinator)

    assert (2, MOVE, "A move needs its mobility plan: give the plan interview.") in found


def test_followup_before_the_move(site_a, coordinator):
    found = refused([moved_case(followup_1="01/03/2020")], site_a, coordinator)

    assert at(found) == [(2, "Suivi M+1")]
    assert "before the Date de déménagement (03/14/2020)" in found[0][2]


def test_followup_without_a_move(site_a, coordinator):
    found = refused([withdrawn_case(followup_1="01/03/2019")], site_a, coordinator)

    assert ((2, "Suivi M+1", "A follow-up needs the date of the move.")) in found


def test_event_after_the_withdrawal(site_a, coordinator):
    found = refused([withdrawn_case(withdrawn_on="01/03/2019")], site_a, coordinator)

    assert found == [
        (
            2,
            "Date entretien projet",
            "This event comes after the end of the case (Date d'abandon, 03/01/2019).",
        )
    ]


def test_withdrawal_without_reason(site_a, coordinator):
    found = refused([withdrawn_case(withdrawal_reason="")], site_a, coordinator)

    assert found == [(2, "Motif d'abandon", "Give the reason for the withdrawal.")]


def test_closing_before_the_move(site_a, coordinator):
    found = refused([moved_case(closed_on="01/03/2020")], site_a, coordinator)

    assert found == [
        (2, MOVE, "This event comes after the end of the case (Date de clôture, 03/01/2020).")
    ]


def test_closing_without_a_move(site_a, coordinator):
    case = withdrawn_case(withdrawn_on="", withdrawal_reason="", closed_on="01/06/2019")

    found = refused([case], site_a, coordinator)

    assert found == [(2, "Date de clôture", "Only a household that moved can be closed.")]


def test_event_before_the_referral(site_a, coordinator):
    found = refused([moved_case(workshop_dates="18/01/2019")], site_a, coordinator)

    assert at(found) == [(2, "Dates d'atelier")]
    assert "before the Date d'orientation (02/04/2019)" in found[0][2]


def test_date_still_to_come(site_a, coordinator):
    found = refused([withdrawn_case(withdrawn_on=in_days(10))], site_a, coordinator)

    assert found == [(2, "Date d'abandon", "This date is still to come: an import holds the past.")]


def test_birth_date_still_to_come_on_its_own_row(site_a, coordinator):
    rows = [
        moved_case(),
        person_row("2019-017", "Haddad", "Lina", relation="child", birth_date=in_days(3)),
    ]

    found = refused(rows, site_a, coordinator)

    assert found == [(3, "Date de naissance", "The birth date cannot be in the future.")]


def test_evidence_issued_in_the_future(site_a, coordinator):
    case = moved_case(
        evidence_kind="ofpra_decision", evidence_number="OF-1", evidence_issued_on=in_days(30)
    )

    found = refused([case], site_a, coordinator)

    assert at(found) == [(2, "Justificatif délivré le")]


# --- the household -----------------------------------------------------------------------------


def test_two_heads_in_one_case(site_a, coordinator):
    rows = [moved_case(), person_row("2019-017", "Haddad", "Karim", relation="head")]

    found = refused(rows, site_a, coordinator)

    assert found == [(2, "Lien", "Two heads of household in this case (rows 2, 3).")]


def test_destination_in_ile_de_france(site_a, coordinator):
    found = refused([moved_case(destination_departement="75")], site_a, coordinator)

    assert at(found) == [(2, "Département d'arrivée")]
    assert "Île-de-France" in found[0][2]


def test_target_in_ile_de_france(site_a, coordinator):
    case = moved_case(target_region="11", target_departement="")

    found = refused([case], site_a, coordinator)

    assert found == [(2, "Région visée", "A mobility plan targets a region outside Île-de-France.")]


def test_target_departement_outside_the_target_region(site_a, coordinator):
    found = refused([moved_case(target_departement="13")], site_a, coordinator)

    assert at(found) == [(2, "Département visé")]
    assert "is not in the target region" in found[0][2]


def test_nobody_moved(site_a, coordinator):
    found = refused([moved_case(moved="non")], site_a, coordinator)

    assert found == [(2, "A déménagé", "Nobody of this case moved: say who did (oui).")]


def test_unknown_social_worker_login(site_a, site_b, coordinator):
    user_with_role(Role.SOCIAL_WORKER, site_b, username="ts.elsewhere")
    rows = [
        moved_case("A", social_worker="nobody"),
        moved_case("B", "Nour", social_worker="ts.elsewhere"),
    ]

    found = refused(rows, site_a, coordinator)

    message = "No social worker of this site has this login or e-mail address."
    assert found == [(2, "Travailleur social", message), (3, "Travailleur social", message)]


def test_social_worker_by_login_or_email(site_a, coordinator, social_worker):
    rows = [
        moved_case("A", social_worker="TS.A"),
        moved_case("B", "Nour", social_worker=social_worker.email),
    ]

    import_run = run(rows, site=site_a, by=coordinator)

    assert import_run.status == RunStatus.IMPORTED, import_run.errors
    assert set(Household.objects.values_list("social_worker", flat=True)) == {social_worker.pk}


# --- what the database holds -------------------------------------------------------------------


def test_person_registered_by_hand_makes_the_case_a_duplicate(site_a, coordinator, social_worker):
    by_hand = make_household(site=site_a, by=social_worker)
    make_person(
        household=by_hand,
        by=social_worker,
        first_name="Hélène",
        last_name="Dupont",
        birth_date=datetime.date(1980, 1, 2),
    )
    rows = [
        moved_case("A", "DUPONT", "helene", birth_date="02/01/1980"),
        moved_case("B", "Nour", "Sami", birth_date="02/01/1980"),
    ]

    import_run = run(rows, site=site_a, by=coordinator)

    assert import_run.status == RunStatus.IMPORTED, import_run.errors
    verdicts = {case["case"]: case for case in import_run.cases}
    assert verdicts["A"]["action"] == "duplicate"
    assert verdicts["A"]["detail"] == (
        f"helene DUPONT (row 2) is already registered ({by_hand.reference}): not imported."
    )
    assert verdicts["B"]["action"] == "create"
    assert list(Household.objects.exclude(pk=by_hand.pk).values_list("import_key", flat=True)) == [
        "B"
    ]
    assert Person.objects.filter(normalized_name="helene dupont").count() == 1


def test_duplicate_of_another_site_does_not_name_its_reference(
    site_a, site_b, coordinator, social_worker_b
):
    elsewhere = make_household(site=site_b, by=social_worker_b)
    make_person(household=elsewhere, by=social_worker_b, birth_date=datetime.date(1988, 6, 12))
    case = moved_case(last_name="Haidari", first_name="Amina")

    import_run = run([case], site=site_a, by=coordinator)

    assert import_run.cases[0]["action"] == "duplicate"
    assert "(another site)" in import_run.cases[0]["detail"]
    assert elsewhere.reference not in import_run.cases[0]["detail"]


def test_same_person_twice_in_the_file(site_a, coordinator):
    rows = [moved_case("A"), moved_case("B", last_name="haddad", first_name="AMINA")]

    found = refused(rows, site_a, coordinator)

    assert found == [(3, "Nom", "The same person is already on row 2 of this file.")]


def test_same_file_twice_creates_nothing_new(site_a, coordinator):
    rows = [moved_case("A"), moved_case("B", "Nour", "Sami")]
    first = run(rows, site=site_a, by=coordinator)
    after_first = counts()

    second = run(rows, site=site_a, by=coordinator)

    assert first.status == second.status == RunStatus.IMPORTED
    assert counts() == after_first
    assert [case["action"] for case in second.cases] == ["exists", "exists"]
    assert second.cases[0]["detail"] == "Already imported for this site."


def test_case_number_already_imported_whatever_its_case(site_a, coordinator):
    # One file reads "ab-1" and "AB-1" as one case: so does the next file.
    run([withdrawn_case("ab-1", birth_date="")], site=site_a, by=coordinator)

    again = run([withdrawn_case("AB-1", birth_date="")], site=site_a, by=coordinator)

    assert [case["action"] for case in again.cases] == ["exists"]
    assert Household.objects.count() == 1


def test_same_file_for_another_site_is_new(site_a, site_b, coordinator, admin_user):
    rows = [withdrawn_case("A", birth_date="")]
    run(rows, site=site_a, by=coordinator)

    other = run(rows, site=site_b, by=admin_user)

    assert other.status == RunStatus.IMPORTED, other.errors
    assert [case["action"] for case in other.cases] == ["create"]
    assert sorted(Household.objects.values_list("site__code", "import_key")) == [
        ("creteil", "A"),
        ("paris", "A"),
    ]
