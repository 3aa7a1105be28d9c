"""Access rules of the api URLs (see tests/access.py)."""

RULES: list = []
