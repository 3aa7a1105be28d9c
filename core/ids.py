"""A set of ids as one query parameter, whatever its size.

A grant limits the figures to its eligible households: thousands of ids that every indicator
query filters on (reporting.indicators), read with their members (funding.beneficiaries).
Written as `IN (%s, %s, …)` they would make a query text as long as the list
and one parameter each (SQLite refuses more than 32,766); as one array (PostgreSQL) or one JSON
text (SQLite) the query keeps the same text and a single parameter for 3 or 10,000 ids.
"""

import json
from collections.abc import Iterable

from django.db.models import BooleanField, Expression, F


class AmongIds(Expression):
    """True when the column reached by `path` holds one of `ids`; usable in filter() and Q()."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, path: str, ids: Iterable[int]):
        super().__init__(output_field=BooleanField())
        self.source = F(path)
        self.ids = tuple(int(pk) for pk in ids)

    def get_source_expressions(self):
        return [self.source]

    def set_source_expressions(self, exprs):
        (self.source,) = exprs

    def as_sql(self, compiler, connection):
        # `column` is the column Django compiled from the path; the ids are parameters.
        column, params = compiler.compile(self.source)
        if connection.vendor == "postgresql":
            return f"{column} = ANY(%s::bigint[])", (*params, list(self.ids))
        if connection.vendor == "sqlite":
            sql = f"{column} IN (SELECT value FROM json_each(%s))"  # noqa: S608
            return sql, (*params, json.dumps(self.ids))
        if not self.ids:  # other databases: the plain list (no other one is supported)
            return "1 = 0", params
        marks = ", ".join(["%s"] * len(self.ids))
        return f"{column} IN ({marks})", (*params, *self.ids)
