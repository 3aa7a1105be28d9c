"""Names refuse invisible and control characters (core.names), in the form and the service."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from core.names import name_forbidden_character, validate_name
from households.models import Relation
from households.services import HouseholdRuleError, person_update
from tests.factories import make_person

REFUSED = {
    "right-to-left override": "Ali\u202enimda",
    "left-to-right mark": "\u200eAmina",
    "zero-width space": "Ami\u200bna",
    "zero-width joiner": "Ami\u200dna",
    "byte order mark": "\ufeffAmina",
    "soft hyphen": "Ami\u00adna",
    "tab": "Ami\tna",
    "line break": "Ami\nna",
    "null": "Ami\x00na",
    "line separator": "Ami\u2028na",
}
ACCEPTED = ["Amina", "N'Diaye", "Jean-Étienne", "Nguyễn Thị", "Zoë O’Brien", "محمد", "Łukasz"]


@pytest.mark.parametrize("value", REFUSED.values(), ids=REFUSED.keys())
def test_a_name_with_an_invisible_or_control_character_is_refused(value):
    with pytest.raises(ValidationError) as refused:
        validate_name(value)
    assert refused.value.code == "name_character"


@pytest.mark.parametrize("value", ACCEPTED)
def test_names_of_every_script_with_spaces_hyphens_and_apostrophes_are_accepted(value):
    validate_name(value)


@given(st.text(alphabet=st.characters(categories=["L", "M", "Zs", "Pd", "Po"])))
def test_letters_marks_spaces_and_punctuation_always_pass(value):
    assert name_forbidden_character(value) is None


@given(st.text(), st.characters(categories=["Cc", "Cf"]), st.text())
def test_any_control_or_format_character_is_found(before, bad, after):
    assert name_forbidden_character(before + bad + after) is not None


def _payload(**fields):
    return {
        "first_name": "Amina",
        "last_name": "Haidari",
        "sex": "F",
        "birth_date": "1990-05-17",
        "relation": Relation.HEAD,
        **fields,
    }


@pytest.mark.parametrize("field", ["first_name", "last_name"])
def test_the_member_form_refuses_the_name_with_a_clear_message(
    field, client_for, household, social_worker
):
    url = reverse("households:person_create", kwargs={"pk": household.pk})

    with translation.override("en"):
        response = client_for(social_worker).post(url, _payload(**{field: "Ali\u202enimda"}))

    assert response.status_code == 200
    assert household.members.count() == 0
    errors = response.context["form"].errors[field]
    assert any("U+202E" in error for error in errors)


def test_the_service_refuses_a_name_on_creation_and_on_correction(household, social_worker):
    with pytest.raises(HouseholdRuleError, match="U\\+200B"):
        make_person(household=household, by=social_worker, last_name="Hai\u200bdari")
    assert household.members.count() == 0

    person = make_person(household=household, by=social_worker)
    with pytest.raises(HouseholdRuleError):
        person_update(
            person=person,
            by=social_worker,
            expected_version=person.version,
            first_name="\u202eAmina",
        )
    person.refresh_from_db()
    assert person.first_name == "Amina"  # nothing lost
