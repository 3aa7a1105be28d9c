"""Access rules of the recommendations URLs (see tests/access.py)."""

RULES: list = []
