"""A referral's change history: written by the services that change it, read on its page, and
never showing auditors what was typed about the household."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from households.timeline import timeline_for_household
from partners import services
from partners.models import Answer, Referral
from partners.referral_views import referral_detail
from partners.selectors import referral_history
from tests.partners.helpers import give_sharing_consent, make_partner, make_plan, send_referral

pytestmark = pytest.mark.django_db

REASON = "Le poste exige un permis poids lourd"
SHARED = "Famille de quatre, père cariste"


@pytest.fixture
def referral(household, person, social_worker):
    give_sharing_consent(household=household, by=social_worker)
    plan = make_plan(household=household, by=social_worker, persons=[person])
    return send_referral(
        plan=plan,
        partner=make_partner(),
        by=social_worker,
        sent_on=timezone.localdate() - datetime.timedelta(days=3),
        shared_information=SHARED,
    )


@pytest.fixture
def refused(referral, coordinator):
    return services.referral_record_answer(
        referral=referral, by=coordinator, answer=Answer.REFUSED, refusal_reason=REASON
    )


def test_sending_writes_the_first_record_with_its_sender(referral, social_worker):
    [record] = referral.history.all()
    assert (record.history_type, record.history_user) == ("+", social_worker)
    assert record.shared_information == SHARED


def test_recording_the_answer_keeps_what_it_was_and_who_changed_it(refused, coordinator):
    latest, first = refused.history.order_by("-history_date", "-history_id")
    assert (first.answer, latest.answer) == (Answer.PENDING, Answer.REFUSED)
    assert latest.history_user == coordinator
    assert latest.refusal_reason == REASON


def test_a_refused_answer_writes_no_history(referral, social_worker):
    with pytest.raises(services.PartnerRuleError):
        services.referral_record_answer(referral=referral, by=social_worker, answer=Answer.REFUSED)
    assert referral.history.count() == 1


def test_a_referral_without_history_gets_its_baseline_before_the_first_answer(
    referral, social_worker
):
    # As if sent before the model kept a history, or written by an import.
    referral.history.all().delete()
    services.referral_record_answer(referral=referral, by=social_worker, answer=Answer.ACCEPTED)
    latest, baseline = referral.history.order_by("-history_date", "-history_id")
    assert baseline.answer == Answer.PENDING and baseline.history_date == referral.created_at
    assert latest.answer == Answer.ACCEPTED
    [row, _created] = referral_history(referral=referral, include_notes=True)
    assert [(c["name"], c["new"]) for c in row["changes"] if c["name"] == "answer"] == [
        ("answer", Answer.ACCEPTED.label)
    ]


def test_readers_of_free_text_see_the_refusal_reason_in_the_history(refused):
    [change_row, created_row] = referral_history(referral=refused, include_notes=True)
    assert created_row["type"] == "+"
    names = {c["name"]: c["new"] for c in change_row["changes"]}
    assert names["answer"] == Answer.REFUSED.label
    assert names["refusal_reason"] == REASON


def test_auditors_never_get_the_free_text_of_a_referral_in_its_history(refused, coordinator):
    services.referral_record_answer(
        referral=refused,
        by=coordinator,
        answer=Answer.REFUSED,
        refusal_reason="Autre motif, toujours du texte libre",
    )
    rows = referral_history(referral=refused, include_notes=False)
    # The answer shows; the change of the reason alone is left out altogether.
    assert [row["type"] for row in rows] == ["~", "+"]
    changes = [change for row in rows for change in row["changes"]]
    assert {change["name"] for change in changes} == {"answer", "answered_on"}
    assert all(row["reason"] == "" for row in rows)


def _detail_page(rf, user, referral):
    # Called as the view, past the middleware: what the page puts in its context and HTML.
    request = rf.get(reverse("partners:referral_detail", args=[referral.pk]))
    request.user = user
    return referral_detail(request, pk=referral.pk)


def test_the_referral_page_shows_its_history(rf, refused, social_worker):
    html = _detail_page(rf, social_worker, refused).content.decode()
    assert "data-history" in html and REASON in html


def test_the_referral_page_hides_the_free_text_of_its_history_from_auditors(rf, refused, auditor):
    html = _detail_page(rf, auditor, refused).content.decode()
    assert "data-history" in html
    assert REASON not in html and SHARED not in html


def test_the_household_timeline_still_reads_referrals(refused, household, social_worker, auditor):
    for user, detail in ((social_worker, REASON), (auditor, "")):
        entries = [
            e
            for e in timeline_for_household(household=household, user=user)
            if e.kind == "referral"
        ]
        assert len(entries) == 2
        assert entries[-1].detail == detail


def test_the_referral_history_is_read_in_a_fixed_number_of_queries(
    refused, coordinator, django_assert_max_num_queries
):
    for n in range(5):
        services.referral_record_answer(
            referral=refused, by=coordinator, answer=Answer.REFUSED, refusal_reason=f"Motif {n}"
        )
    referral = Referral.objects.get(pk=refused.pk)
    with django_assert_max_num_queries(4):
        rows = referral_history(referral=referral, include_notes=False)
    assert len(rows) == 2
