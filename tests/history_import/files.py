"""What the import tests share: whole cases, an XLSX writer, and the counts nothing may change."""

import io

from followups.models import FollowUp
from funding.models import EligibilityEvidence
from history_import.services import import_file
from households.models import Household, Person, StatusChange
from interviews.models import Interview
from mobility_plans.models import MobilityPlan, Relocation
from tests.history_import.helpers import BY_NAME, HEADINGS, csv_bytes, person_row
from workshops.models import Workshop

WRITTEN = (
    Household,
    Person,
    Workshop,
    Interview,
    StatusChange,
    MobilityPlan,
    Relocation,
    FollowUp,
    EligibilityEvidence,
)


def counts() -> dict[str, int]:
    """How many rows of each kind an import writes: compared before and after a refused file."""
    return {model.__name__: model.objects.count() for model in WRITTEN}


def moved_case(case="2019-017", last_name="Haddad", first_name="Amina", **cells) -> dict:
    """The head of a household that went through every step and moved in March 2020."""
    values = {
        "referral_date": "04/02/2019",
        "relation": "head",
        "birth_date": "12/06/1988",
        "sex": "F",
        "workshop_dates": "18/02/2019",
        "diagnostic_on": "25/02/2019",
        "plan_interview_on": "11/03/2019",
        "lever": "housing",
        "target_region": "84",
        "target_departement": "69",
        "moved_on": "14/03/2020",
        "destination_commune": "Villeurbanne",
        "destination_departement": "69",
    }
    values.update(cells)
    return person_row(case, last_name, first_name, **{k: v for k, v in values.items() if v})


def withdrawn_case(case="2019-020", last_name="Nour", first_name="Sami", **cells) -> dict:
    """The head of a household withdrawn after its plan interview, without a lever."""
    values = {
        "referral_date": "04/02/2019",
        "relation": "head",
        "diagnostic_on": "25/02/2019",
        "plan_interview_on": "11/03/2019",
        "withdrawn_on": "01/06/2019",
        "withdrawal_reason": "lost_contact",
    }
    values.update(cells)
    return person_row(case, last_name, first_name, **{k: v for k, v in values.items() if v})


def run(rows_or_data, *, site, by, name="cases.csv", dry_run=False):
    """import_file on these rows (or bytes): the ImportRun it leaves."""
    data = rows_or_data if isinstance(rows_or_data, bytes) else csv_bytes(rows_or_data)
    return import_file(data, name=name, site=site, by=by, dry_run=dry_run)


def errors(import_run) -> list[tuple[int, str, str]]:
    return [(e["row"], e["column"], e["message"]) for e in import_run.errors]


def xlsx_bytes(rows: list[dict], *, headings=None, cell=None) -> bytes:
    """An XLSX workbook of these rows; `cell(name, text)` may turn a text into another value."""
    from openpyxl import Workbook

    headings = headings or HEADINGS
    names = {heading: name for name, heading in BY_NAME.items()}
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headings)
    for row in rows:
        values = []
        for heading in headings:
            name = names.get(heading, heading)
            text = row.get(name, "")
            values.append(cell(name, text) if cell and text else (text or None))
        sheet.append(values)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
