"""The password policy: Django's length, common-password and similarity checks, and a strength
estimate (zxcvbn) that refuses repeats, sequences and keyboard rows whatever their length."""

import ast
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import (
    password_validators_help_texts,
    validate_password,
)
from django.core.exceptions import ValidationError
from django.utils import translation

from accounts.passwords import FEEDBACK_MESSAGES, StrengthValidator
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _errors(password, user=None) -> list[ValidationError]:
    with pytest.raises(ValidationError) as refused:
        validate_password(password, user)
    return refused.value.error_list


def _codes(password, user=None) -> set[str]:
    return {error.code for error in _errors(password, user)}


@pytest.mark.parametrize(
    "password",
    [
        "aaaaaaaaaaaa",  # long enough, one character
        "abababababab",  # a repeated pair
        "abcdefghijklm",  # a sequence
        "azertyuiopqs",  # the French keyboard's top row
        "qwertyuiop123",
        "Password123!",  # a common password dressed up
    ],
)
def test_guessable_passwords_are_refused_whatever_their_length(password):
    assert "password_too_guessable" in _codes(password)


@pytest.mark.parametrize("password", [PASSWORD, "Brouette-Lune-47", "correct horse battery staple"])
def test_passwords_of_uncommon_words_are_accepted(password):
    validate_password(password, UserFactory.build(username="ts.test"))


def test_the_users_own_names_make_a_password_guessable():
    user = UserFactory.build(username="mbenali", first_name="Mounia", last_name="Benali")

    assert "password_too_guessable" in _codes("MouniaBenali", user)
    # The same letters are fine for someone else.
    assert "password_too_guessable" not in _codes_or_none("MouniaBenali-Ardoise", user)


def _codes_or_none(password, user) -> set[str]:
    try:
        validate_password(password, user)
    except ValidationError as refused:
        return {error.code for error in refused.error_list}
    return set()


def test_the_message_says_what_to_change():
    with translation.override("en"):
        message = " ".join(e.message % e.params for e in _errors("aaaaaaaaaaaa") if e.params)

    assert message.startswith("This password is too easy to guess.")
    assert 'Repeats like "aaa" are easy to guess.' in message
    assert "Avoid repeated words and characters." in message


def test_every_hint_of_the_estimator_is_marked_for_translation():
    # A hint zxcvbn gives that the catalogue does not know would be shown in English.
    from zxcvbn import feedback

    tree = ast.parse(Path(feedback.__file__).read_text(encoding="utf-8"))
    hints = {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "_"
    }
    assert hints
    assert hints <= set(FEEDBACK_MESSAGES)


def test_length_common_and_numeric_checks_are_kept():
    assert "password_too_short" in _codes("Zq8-vRt")
    assert "password_too_common" in _codes("password1234")
    assert "password_entirely_numeric" in _codes("839201746253")
    user = UserFactory.build(username="jean.dupont-martin")
    assert "password_too_similar" in _codes("jean.dupont-martin1", user)


def test_the_help_text_names_the_strength_rule():
    with translation.override("en"):
        texts = " ".join(str(text) for text in password_validators_help_texts())
    assert "easy to guess" in texts
    assert StrengthValidator().min_score == 3
