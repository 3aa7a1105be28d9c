"""Who may open each funding page: one rule module per concept, gathered here."""

from tests.funding import rules_expenses, rules_grants, rules_statement, rules_time

RULES = [
    *rules_grants.RULES,
    *rules_expenses.RULES,
    *rules_statement.RULES,
    *rules_time.RULES,
]


def build(world):
    for module in (rules_grants, rules_expenses, rules_statement, rules_time):
        module.build(world)
