"""The strength check of new passwords (AUTH_PASSWORD_VALIDATORS), beside Django's own.

Length alone lets "aaaaaaaaaaaa" or "azertyuiop12" through. zxcvbn (the Python port of
Dropbox's estimator) recognises repeats, sequences, keyboard rows, dates, common passwords and
the user's own names, and estimates how many guesses the password would take.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from zxcvbn import zxcvbn

# zxcvbn's scores go from 0 (guessed at once) to 4; 3 resists an offline attack on a slow hash.
MIN_SCORE = 3
# Words anybody would try first against this site's accounts.
SITE_WORDS = ("clefdefrance", "clef", "france", "mobilite", "mobilité")

# Every warning and suggestion zxcvbn gives, in English: marked here so that the catalogue
# holds them and the feedback is shown in the user's language.
FEEDBACK_MESSAGES = (
    gettext_noop("Use a few words, avoid common phrases."),
    gettext_noop("No need for symbols, digits, or uppercase letters."),
    gettext_noop("Add another word or two. Uncommon words are better."),
    gettext_noop("Straight rows of keys are easy to guess."),
    gettext_noop("Short keyboard patterns are easy to guess."),
    gettext_noop("Use a longer keyboard pattern with more turns."),
    gettext_noop('Repeats like "aaa" are easy to guess.'),
    gettext_noop('Repeats like "abcabcabc" are only slightly harder to guess than "abc".'),
    gettext_noop("Avoid repeated words and characters."),
    gettext_noop('Sequences like "abc" or "6543" are easy to guess.'),
    gettext_noop("Avoid sequences."),
    gettext_noop("Recent years are easy to guess."),
    gettext_noop("Avoid recent years."),
    gettext_noop("Avoid years that are associated with you."),
    gettext_noop("Dates are often easy to guess."),
    gettext_noop("Avoid dates and years that are associated with you."),
    gettext_noop("This is a top-10 common password."),
    gettext_noop("This is a top-100 common password."),
    gettext_noop("This is a very common password."),
    gettext_noop("This is similar to a commonly used password."),
    gettext_noop("A word by itself is easy to guess."),
    gettext_noop("Names and surnames by themselves are easy to guess."),
    gettext_noop("Common names and surnames are easy to guess."),
    gettext_noop("Capitalization doesn't help very much."),
    gettext_noop("All-uppercase is almost as easy to guess as all-lowercase."),
    gettext_noop("Reversed words aren't much harder to guess."),
    gettext_noop("Predictable substitutions like '@' instead of 'a' don't help very much."),
)


def _user_words(user) -> list[str]:
    if user is None:
        return list(SITE_WORDS)
    words = [getattr(user, field, "") for field in ("username", "first_name", "last_name")]
    email = getattr(user, "email", "") or ""
    words += email.replace("@", ".").split(".")
    return [word for word in words if word] + list(SITE_WORDS)


class StrengthValidator:
    """Refuses a password zxcvbn would guess too soon, and says what to change."""

    def __init__(self, min_score: int = MIN_SCORE):
        self.min_score = min_score

    def validate(self, password, user=None):
        result = zxcvbn(password, user_inputs=_user_words(user))
        if result["score"] >= self.min_score:
            return
        feedback = result["feedback"]
        hints = [feedback["warning"], *feedback["suggestions"]]
        advice = " ".join(gettext(hint) for hint in hints if hint) or gettext(
            "Use a few words, avoid common phrases."
        )
        raise ValidationError(
            _("This password is too easy to guess. %(advice)s"),
            code="password_too_guessable",
            params={"advice": advice},
        )

    def get_help_text(self):
        return _(
            "Your password must not be easy to guess: no repeated characters, sequences or "
            "keyboard rows; a few uncommon words work well."
        )
