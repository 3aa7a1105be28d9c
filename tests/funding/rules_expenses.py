"""Access rules of the funding pages about expenses (see tests/access.py for the vocabulary)."""

RULES: list = []


def build(world):
    """Add to the test world what these pages need."""
