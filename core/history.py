"""The change history (django-simple-history) as a person reads it: who changed what, when, why.

Shared by the apps whose records are corrected after saving (interviews, mobility plans): the
rows of several history models are merged in date order, each change shows the field's name and
the old and new values as labels, and free-text fields are left out for those who may not read
notes about people (auditors), the reason of each change included.
"""

import datetime

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from simple_history.utils import get_m2m_reverse_field_name


def history_baseline(objs, *, at, by) -> None:
    """Give rows (of one model) that have no history yet a first record of how they stand,
    dated when they were made, so that their first correction shows what changed.

    Rows saved before their model kept a history, or written in bulk by an import or the data
    generator, have none. Call it before changing the rows.
    """
    objs = [obj for obj in objs if obj.pk is not None]
    if not objs:
        return
    model = type(objs[0])
    pk = model._meta.pk.attname
    known = set(
        model.history.filter(**{f"{pk}__in": [o.pk for o in objs]}).values_list(pk, flat=True)
    )
    missing = [obj for obj in objs if obj.pk not in known]
    if model.history.model._history_m2m_fields:
        # Only a save records the many-to-many values too.
        for obj in missing:
            obj._history_date, obj._history_user = at, by
            obj.save()
            del obj._history_date, obj._history_user
    elif missing:
        model.history.bulk_history_create(missing, default_user=by, default_date=at)


def save_with_m2m(obj, m2m: dict, *, by) -> None:
    """Save a new row with its many-to-many values as one first history record.

    A plain save then `set()` writes two: the row without its values, then a change adding
    them, which would read as a correction made at once.
    """
    obj.skip_history_when_saving = True
    obj.save()
    for name, values in m2m.items():
        getattr(obj, name).set(values)
    del obj.skip_history_when_saving
    obj._history_user = by
    obj.save()


def _m2m_sets(records) -> dict:
    """{(history model, field name, history_id): set of related ids}, one query per field."""
    sets: dict = {}
    by_model: dict = {}
    for record in records:
        by_model.setdefault(type(record), []).append(record.history_id)
    for model, ids in by_model.items():
        for field in model._history_m2m_fields:
            column = get_m2m_reverse_field_name(field)
            through = next(
                rel.related_model
                for rel in model._meta.related_objects
                if rel.field.name == "history"
                and any(f.name == column for f in rel.related_model._meta.fields)
            )
            for history_id, related_id in through.objects.filter(history_id__in=ids).values_list(
                "history_id", f"{column}_id"
            ):
                sets.setdefault((model, field.name, history_id), set()).add(related_id)
    return sets


def is_free_text(model, name: str) -> bool:
    """Whether a field holds free text about a person: every TextField (notes, reasons,
    wishes, objectives). Only readers of free text see them."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:  # a field since removed: not typed text
        return False
    return isinstance(field, models.TextField)


def history_rows(records, *, include_notes: bool = True, describe=None, limit=50) -> list[dict]:
    """The history records (of one or several models), newest first, as rows of changes.

    Free text (is_free_text) shows only with `include_notes`;
    `describe(record)` names the object a row is about when it is not the main one ("Step:
    Update the CV"). A record with nothing to show (only hidden fields changed) is left out.
    """
    records = sorted(records, key=lambda r: (r.history_date, r.history_id))
    m2m = _m2m_sets(records)
    previous: dict = {}
    rows = []
    for record in records:
        model = record.instance_type
        key = (model, record.id)
        prior = previous.get(key)
        previous[key] = record
        changes = []
        if prior is not None and record.history_type == "~":
            m2m_names = [f.name for f in type(record)._history_m2m_fields]
            delta = record.diff_against(prior, excluded_fields=m2m_names)
            changes = [(c.field, c.old, c.new) for c in delta.changes]
            for name in m2m_names:
                old = m2m.get((type(prior), name, prior.history_id), set())
                new = m2m.get((type(record), name, record.history_id), set())
                if old != new:
                    changes.append((name, sorted(old), sorted(new)))
            changes = [
                {"model": model, "name": name, "old": old, "new": new}
                for name, old, new in changes
                if include_notes or not is_free_text(model, name)
            ]
            if not changes:
                continue
        rows.append(
            {
                "at": record.history_date,
                "user": record.history_user,
                # A first record (the baseline of a row older than its history) reads as made.
                "type": "+"
                if prior is None and record.history_type == "~"
                else record.history_type,
                "object": describe(record) if describe else "",
                "changes": changes,
                "reason": (record.history_change_reason or "") if include_notes else "",
            }
        )
    rows = list(reversed(rows))[:limit]
    _label_values([change for row in rows for change in row["changes"]])
    return rows


def _label_values(changes: list[dict]) -> None:
    """Field names and raw values as labels: choice labels, related rows' names, dates as
    they are. Related rows are fetched with one query per related model."""
    wanted: dict = {}
    for change in changes:
        field = change["model"]._meta.get_field(change["name"])
        change["field"] = field.verbose_name
        if field.is_relation:
            for side in ("old", "new"):
                values = change[side] if field.many_to_many else [change[side]]
                wanted.setdefault(field.related_model, set()).update(
                    v for v in values if v not in (None, "")
                )
    names = {
        model: {obj.pk: _name(obj) for obj in model._default_manager.filter(pk__in=ids)}
        for model, ids in wanted.items()
    }
    for change in changes:
        field = change["model"]._meta.get_field(change["name"])
        for side in ("old", "new"):
            value = change[side]
            if field.many_to_many:
                labels = [names[field.related_model].get(v, f"#{v}") for v in value]
                change[side] = ", ".join(labels) or "—"
            elif value in (None, ""):
                change[side] = "—"
            elif field.is_relation:
                change[side] = names[field.related_model].get(value, f"#{value}")
            elif field.choices:
                change[side] = dict(field.flatchoices).get(value, value)
            elif isinstance(value, bool):
                change[side] = _("yes") if value else _("no")
            elif isinstance(value, datetime.date):
                change[side] = date_format(value, "SHORT_DATE_FORMAT")


def _name(obj) -> str:
    # A person's full name, a user's full name, or what the row says it is.
    for attribute in ("full_name", "get_full_name"):
        value = getattr(obj, attribute, None)
        value = value() if callable(value) else value
        if value:
            return str(value)
    return str(obj)
