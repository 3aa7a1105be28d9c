"""Access rules of a grant's statement, its rows and its beneficiaries (see tests/access.py)."""

from tests.access import Rule

from .rules_grants import READ_GRANTS, grant

RULES = [
    Rule("funding:grant_statement", get=READ_GRANTS, kwargs=grant),
    Rule("funding:grant_statement_rows", get=READ_GRANTS, kwargs=grant),
    Rule("funding:grant_beneficiaries", get=READ_GRANTS, kwargs=grant),
]


def build(world):
    """The grant of rules_grants serves (built there)."""
