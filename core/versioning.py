"""Stale-edit protection: a form carries the version it was opened on, the service refuses a
save when someone saved the record in between.

A model that may be edited by two people at once has `version = PositiveIntegerField(default=1,
editable=False)` (left out of its history). Its form renders `version_field()` as a hidden
field; its update service calls `version_claim()` first, inside its transaction.
"""

from django import forms
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .rules import RuleError


class StaleEditError(RuleError):
    """Someone saved the record after the form was opened; nothing was written.

    `current_version` is the version saved meanwhile: a form shown again with what the user
    typed may carry it, so that saving once more (after checking) replaces the other change
    knowingly rather than by accident.
    """

    def __init__(self, current_version: int | None = None, message: str | None = None):
        super().__init__(
            message
            or _(
                "Someone else changed this record after you opened the form. "
                "Your changes were not saved: check the current values and try again."
            )
        )
        self.current_version = current_version


def version_claim(model, obj, expected_version: int) -> None:
    """Claim the next version of `obj`, or raise StaleEditError if it is no longer
    `expected_version`. One UPDATE both checks and claims, so two saves cannot both pass."""
    claimed = model.objects.filter(pk=obj.pk, version=expected_version).update(
        version=F("version") + 1
    )
    if not claimed:
        current = model.objects.filter(pk=obj.pk).values_list("version", flat=True).first()
        raise StaleEditError(current)
    obj.version = expected_version + 1


def version_next(model, obj, expected_version: int | None) -> None:
    """From an edit form, claim the version it was opened on (`version_claim`); from code that
    changes the record without a form (an import, a status change), only move the version on
    for the coming save, so that a form opened before the change is refused rather than
    undoing it."""
    if expected_version is None:
        obj.version += 1
    else:
        version_claim(model, obj, expected_version)


def version_field(version: int | None) -> forms.IntegerField:
    """The hidden field that carries the version the form was opened on."""
    return forms.IntegerField(widget=forms.HiddenInput, required=False, initial=version)


def version_refresh(form, version: int | None, name: str = "version") -> None:
    """Show a refused form again with the version now saved, keeping what was typed."""
    if version is None or not form.is_bound:
        return
    data = form.data.copy()
    data[form.add_prefix(name)] = str(version)
    form.data = data


def reason_field(model) -> forms.CharField:
    """Why a saved record is corrected: asked of every correction, kept in the change-reason
    column of the model's history (and never shown to auditors: it is free text)."""
    column = model.history.model._meta.get_field("history_change_reason")
    return forms.CharField(
        label=gettext_lazy("Reason for the correction"),
        max_length=column.max_length,
        help_text=gettext_lazy("Kept in the change history, with your name and the date."),
    )
