"""What a test's captured queries read: tables and columns named in their SQL."""

import re


def tables_read(queries) -> set[str]:
    found = set()
    for query in queries:
        found.update(re.findall(r'(?:FROM|JOIN)\s+"(\w+)"', query["sql"]))
    return found


def columns_read(queries, table: str) -> set[str]:
    """Columns of `table` named in the SQL, through its name or an alias Django gives it (the
    same alias may name other tables in other subqueries: resolved within each SELECT)."""
    declare = r'"(\w+)"\s+([A-Z]\d+)\b'
    found = set()
    for query in queries:
        everywhere: dict[str, set[str]] = {}
        for owner, alias in re.findall(declare, query["sql"]):
            everywhere.setdefault(alias, set()).add(owner)
        for segment in re.split(r"\bSELECT\b", query["sql"]):
            local = {alias: owner for owner, alias in re.findall(declare, segment)}
            for alias, column in re.findall(r'(?<![\w"])([A-Z]\d+)\."(\w+)"', segment):
                owners = {local[alias]} if alias in local else everywhere.get(alias, set())
                if owners == {table}:
                    found.add(column)
            found.update(re.findall(rf'"{table}"\."(\w+)"', segment))
    return found
