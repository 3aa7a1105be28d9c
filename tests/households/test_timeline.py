"""The household timeline gathers every app's entries and keeps free text from auditors."""

from households import services
from households.models import Status, WithdrawalReason
from households.timeline import timeline_for_household


def _details(household, user) -> str:
    return " | ".join(str(e.detail) for e in timeline_for_household(household=household, user=user))


def test_status_comments_are_shown_to_staff_and_hidden_from_auditors(
    household, social_worker, director, auditor
):
    services.household_transition(
        household=household,
        to_status=Status.ON_HOLD,
        by=social_worker,
        comment="Hospitalisation de la mère jusqu'en mars",
    )
    services.household_transition(
        household=household,
        to_status=Status.WITHDRAWN,
        by=social_worker,
        reason=WithdrawalReason.HEALTH_FAMILY,
        comment="Ne souhaite plus partir pour raisons de santé",
    )
    for staff in (social_worker, director):
        shown = _details(household, staff)
        assert "Hospitalisation de la mère" in shown
        assert "raisons de santé" in shown

    audited = _details(household, auditor)
    assert "Hospitalisation" not in audited
    assert "raisons de santé" not in audited
    # The structured reason is not free text: the auditor still sees why the case ended.
    assert str(WithdrawalReason.HEALTH_FAMILY.label) in audited
