"""Names as people read them: no invisible or control characters.

A right-to-left override (U+202E) makes "Ali‮nimda" read as "Aliadmin" on screen, a
zero-width space makes two spellings of one name look the same and defeats the duplicate check;
tabs and line breaks break the exports and the attendance sheets. Every name field of a person
refuses them, in its form and in the service that writes it.
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Control (Cc), format (Cf: direction marks, zero-width characters, soft hyphen), line and
# paragraph separators (Zl, Zp), and unassigned or private code points.
REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"})


def name_forbidden_character(value: str) -> str | None:
    """The first invisible or control character of a name, or None when it has none."""
    for character in value or "":
        if character != " " and unicodedata.category(character) in REFUSED_CATEGORIES:
            return character
    return None


def name_error_message(character: str) -> str:
    return _(
        "A name cannot contain an invisible or control character (here U+%(code)s, such as a "
        "text-direction mark or a zero-width space): type the name again without it."
    ) % {"code": f"{ord(character):04X}"}


def validate_name(value: str) -> None:
    """A form or model field validator."""
    character = name_forbidden_character(value)
    if character is not None:
        raise ValidationError(name_error_message(character), code="name_character")


def check_names(fields: dict, names, *, error) -> None:
    """Refuse (raise `error(message)`) a service's keyword fields when a name in `names`
    holds a forbidden character."""
    for name in names:
        character = name_forbidden_character(fields.get(name) or "")
        if character is not None:
            raise error(name_error_message(character))
