"""The French catalogue is complete and its compiled form matches it."""

import gettext
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

CATALOGUES = sorted(
    p
    for p in Path(settings.BASE_DIR).glob("**/locale/fr/LC_MESSAGES/django.po")
    if ".venv" not in p.parts and "site-packages" not in p.parts
)


def test_there_are_catalogues():
    assert Path(settings.BASE_DIR, "locale/fr/LC_MESSAGES/django.po") in CATALOGUES
    assert len(CATALOGUES) >= 3


@pytest.mark.parametrize(
    "po_path", CATALOGUES, ids=lambda p: str(p.parent.parent.parent.parent.name)
)
def test_french_catalogue_is_complete_and_compiled(po_path):
    catalogue = polib.pofile(str(po_path))
    untranslated = [e.msgid for e in catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    assert not untranslated, f"{po_path}: untranslated {untranslated}"
    assert not fuzzy, f"{po_path}: fuzzy {fuzzy}"

    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} missing: run make messages"
    with mo_path.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in catalogue.translated_entries():
        if entry.msgid_plural:
            assert compiled.ngettext(entry.msgid, entry.msgid_plural, 1) == entry.msgstr_plural[0]
        elif entry.msgctxt:
            assert compiled.pgettext(entry.msgctxt, entry.msgid) == entry.msgstr
        else:
            assert compiled.gettext(entry.msgid) == entry.msgstr, (
                f"{mo_path} is out of date for {entry.msgid!r}: run make messages"
            )


# French puts a no-break space before the high punctuation marks; an ordinary space lets the
# line break before them, and none at all is English typography.
HIGH_PUNCTUATION = re.compile(r"(.)([:;?!])(?=\s|$|<|\))")


def _typography_faults(text):
    return [
        text[max(0, match.start() - 12) : match.end()]
        for match in HIGH_PUNCTUATION.finditer(text)
        if match.group(1) not in "\u00a0\u202f"
    ]


def test_typography_check_catches_both_faults():
    assert _typography_faults("Motif : absent") == ["Motif :"]
    assert _typography_faults("Vu: absent ; parti ?") == ["Vu:", "Vu: absent ;", "sent ; parti ?"]
    assert _typography_faults("Motif\u00a0: à 10:30, https://example.org\u202f!") == []


@pytest.mark.parametrize(
    "po_path", CATALOGUES, ids=lambda p: str(p.parent.parent.parent.parent.name)
)
def test_french_strings_follow_french_typography(po_path):
    faults = [
        fault
        for entry in polib.pofile(str(po_path)).translated_entries()
        for text in [entry.msgstr, *entry.msgstr_plural.values()]
        for fault in _typography_faults(text)
    ]
    assert not faults, f"{po_path}: a no-break space is missing before {faults}"
