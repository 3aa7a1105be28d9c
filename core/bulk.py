"""Fast inserts of plain rows: COPY on PostgreSQL, executemany elsewhere (the data-set generator
and the import of past cases).

Model instances and bulk_create cost more than the data itself at this volume (building the
objects, then the SQL), so rows are plain dicts keyed by attribute name; every column the dict
leaves out gets the field's default (auto_now fields get "now"). Primary keys are reserved
beforehand from the table's own sequence, so that children can be built before their parents
are written and everything stays consistent with rows the application adds later.
"""

from collections import defaultdict

from django.db import connection
from django.utils import timezone


class BulkInserter:
    def __init__(self):
        self.now = timezone.now()
        self.is_postgresql = connection.vendor == "postgresql"
        self._next_id: dict[str, int] = {}
        self._layouts: dict[tuple, tuple] = {}
        self.counts: dict[str, int] = defaultdict(int)  # rows written, by what they are

    def ids(self, model, count: int) -> list[int]:
        """`count` fresh primary keys for `model`, taken from its sequence."""
        if count == 0:
            return []
        table = model._meta.db_table
        if self.is_postgresql:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                    [table, model._meta.pk.column, count],
                )
                return [row[0] for row in cursor.fetchall()]
        if table not in self._next_id:
            with connection.cursor() as cursor:
                quoted = connection.ops.quote_name(table)
                column = connection.ops.quote_name(model._meta.pk.column)
                cursor.execute(f"SELECT COALESCE(MAX({column}), 0) FROM {quoted}")  # noqa: S608
                self._next_id[table] = cursor.fetchone()[0] + 1
        first = self._next_id[table]
        self._next_id[table] = first + count
        return list(range(first, first + count))

    def _layout(self, model, with_pk: bool):
        key = (model, with_pk)
        if key not in self._layouts:
            fields = [f for f in model._meta.concrete_fields if with_pk or not f.primary_key]
            defaults = []
            for field in fields:
                if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                    default = self.now
                elif field.has_default():
                    default = field.get_default()
                elif field.null or field.primary_key:
                    default = None
                else:
                    default = ""
                defaults.append((field.attname, default))
            self._layouts[key] = (fields, defaults)
        return self._layouts[key]

    def insert(self, model, rows: list[dict], *, label: str) -> None:
        """Write rows (dicts by attribute name, with the primary key when reserved), counted as
        `label`. Keys the model has no column for are left out."""
        self.counts[label] += len(rows)
        if not rows:
            return
        fields, defaults = self._layout(model, with_pk=model._meta.pk.attname in rows[0])
        table = connection.ops.quote_name(model._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        if self.is_postgresql:
            with (
                connection.cursor() as cursor,
                cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
            ):
                for row in rows:
                    copy.write_row([row.get(name, default) for name, default in defaults])
            return
        placeholders = ", ".join(["%s"] * len(fields))
        values = [
            [
                field.get_db_prep_save(row.get(name, default), connection)
                for field, (name, default) in zip(fields, defaults, strict=True)
            ]
            for row in rows
        ]
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {table} ({columns}) VALUES ({placeholders})",  # noqa: S608
                values,
            )

    def insert_instances(self, model, objects: list, *, label: str, history=None) -> list:
        """Write unsaved model instances, each given a reserved primary key first.

        `history` ({"user": …, "reason": …}) also writes one "created" row per instance in the
        model's django-simple-history table, as `bulk_create_with_history` does.
        """
        for obj, pk in zip(objects, self.ids(model, len(objects)), strict=True):
            obj.pk = pk
            obj._state.adding = False
        fields = model._meta.concrete_fields
        rows = [
            {f.attname: f.get_prep_value(f.pre_save(obj, add=True)) for f in fields}
            for obj in objects
        ]
        self.insert(model, rows, label=label)
        if history is not None:
            extra = {
                "history_date": self.now,
                "history_type": "+",
                "history_user_id": history["user"].pk,
                "history_change_reason": history["reason"],
            }
            self.insert(
                model.history.model, [{**row, **extra} for row in rows], label=f"{label} history"
            )
        return objects

    def insert_links(self, model, name: str, pairs, *, label: str) -> None:
        """Rows of a many-to-many table: pairs of (this model's id, the other model's id)."""
        m2m = model._meta.get_field(name)
        through = m2m.remote_field.through
        left, right = f"{m2m.m2m_field_name()}_id", f"{m2m.m2m_reverse_field_name()}_id"
        self.insert(through, [{left: a, right: b} for a, b in pairs], label=label)
