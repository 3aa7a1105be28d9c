"""Files of past cases written by the tests: headings as the template has them, one row per
person, cells given by column name (the rest left empty)."""

import csv
import io

from history_import.columns import COLUMNS

HEADINGS = [column.heading for column in COLUMNS]
BY_NAME = {column.name: column.heading for column in COLUMNS}


def csv_bytes(rows: list[dict], *, headings=None, encoding="utf-8", delimiter=";") -> bytes:
    """A CSV file of these rows ({column name: cell}) under the template's headings."""
    headings = headings or HEADINGS
    names = {heading: name for name, heading in BY_NAME.items()}
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(headings)
    for row in rows:
        writer.writerow([row.get(names.get(heading, heading), "") for heading in headings])
    return out.getvalue().encode(encoding)


def person_row(case: str, last_name: str, first_name: str, **cells) -> dict:
    return {"case": case, "last_name": last_name, "first_name": first_name, **cells}
