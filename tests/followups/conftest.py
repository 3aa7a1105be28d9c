import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    """Messages are matched in the source language."""
    with translation.override("en"):
        yield
