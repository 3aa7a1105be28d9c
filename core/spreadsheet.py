"""Cells safe to open in a spreadsheet.

Spreadsheet software runs a cell that starts with = + - @ (or a tab, a carriage return or
another control character) as a formula: such text gets a leading quote. Every CSV and XLSX
the product writes (the exports, the auditor's control pack) passes its cells through here,
and the importers (core.tabular) use the same test to refuse formulas in what they read.
"""

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")


def looks_like_formula(value) -> bool:
    """Text a spreadsheet would run as a formula (or a control character at its start)."""
    return (
        isinstance(value, str)
        and bool(value)
        and (value[0] in FORMULA_PREFIXES or ord(value[0]) < 32)
    )


def neutralise(value):
    """Text a spreadsheet would run as a formula, made inert with a leading quote."""
    if looks_like_formula(value):
        return "'" + value
    return value
