"""The statement page, the rows behind its figures and the beneficiaries of a grant."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from funding.beneficiaries import pseudonym
from funding.statement import APART_LABELS, Apart
from tests.factories import make_household
from tests.interviews.builders import record_interview

from .statement_world import D


def statement_url(grant, **query):
    url = reverse("funding:grant_statement", args=[grant.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def rows_url(grant, part, start=None, end=None):
    start, end = start or D(2026, 1, 1), end or D(2026, 12, 31)
    url = reverse("funding:grant_statement_rows", args=[grant.pk])
    return f"{url}?part={part}&start={start.isoformat()}&end={end.isoformat()}"


def figure(html: str, name: str) -> str:
    match = re.search(rf'data-figure="{name}"[^>]*>([^<]+)<', html)
    assert match, f"no figure {name}"
    return match.group(1).strip()


def test_the_director_reads_the_statement_and_follows_each_figure(
    client_for, director, grant_2026, charged
):
    client = client_for(director)
    page = client.get(statement_url(grant_2026)).content.decode()

    assert figure(page, "staff") == "190,00"
    assert figure(page, "other") == "400,00"
    assert figure(page, "total") == "618,50"
    assert figure(page, "co-financing") == "463,88"
    staff = client.get(rows_url(grant_2026, "staff")).content.decode()
    assert figure(staff, "rows-total") == "190,00"
    assert staff.count("Réunion avec le bailleur") == 2  # social worker, coordinator
    apart = client.get(rows_url(grant_2026, "staff_apart")).content.decode()
    assert figure(apart, "rows-total") == "30,00"
    with translation.override("fr"):
        assert str(APART_LABELS[Apart.INELIGIBLE_HOUSEHOLD]) in apart
    other = client.get(rows_url(grant_2026, "other")).content.decode()
    assert "F-2026-118" in other and figure(other, "rows-total") == "400,00"


@pytest.mark.parametrize(
    "query",
    [
        {"start": "2023-02-30"},
        {"start": "0001-01-01", "end": "9999-12-31"},
        {"start": "2026-12-31", "end": "2026-01-01"},
        {"start": "²٣"},
        {"part": "<script>", "page": "99999999999999999999"},
        {"part": "staff", "page": "-1"},
    ],
)
def test_hostile_periods_and_parts_never_fail(client_for, director, grant_2026, charged, query):
    client = client_for(director)
    for name in ("grant_statement", "grant_statement_rows", "grant_beneficiaries"):
        url = reverse(f"funding:{name}", args=[grant_2026.pk])
        response = client.get(url, query)
        assert response.status_code in (200, 404), (name, query)


def test_an_inverted_period_says_so(client_for, director, grant_2026, charged):
    response = client_for(director).get(
        statement_url(grant_2026, start="2026-12-31", end="2026-01-01")
    )
    assert "La période se termine avant de commencer." in response.content.decode()
    assert response.context["statement"].total == Decimal("618.50")  # the grant's own period


def test_the_auditor_sees_pseudonyms_and_others_references(
    client_for, auditor, coordinator, grant_2026, charged
):
    eligible = charged["eligible"]
    audited = client_for(auditor).get(reverse("funding:grant_beneficiaries", args=[grant_2026.pk]))
    html = audited.content.decode()
    assert pseudonym(grant_2026, eligible.pk) in html
    assert eligible.reference not in html
    coordinated = client_for(coordinator).get(
        reverse("funding:grant_beneficiaries", args=[grant_2026.pk]), {"eligible": "no"}
    )
    html = coordinated.content.decode()
    assert charged["ineligible"].reference in html and eligible.reference not in html


def test_a_social_worker_reads_no_statement_and_another_site_none(
    client_for, social_worker, social_worker_b, grant_2026, charged
):
    assert client_for(social_worker).get(statement_url(grant_2026)).status_code == 403
    assert client_for(social_worker_b).get(statement_url(grant_2026)).status_code == 403


def test_the_pages_read_a_fixed_number_of_queries(
    client_for, director, social_worker, site_a, grant_2026, charged
):
    client = client_for(director)
    urls = [
        statement_url(grant_2026),
        rows_url(grant_2026, "staff"),
        reverse("funding:grant_beneficiaries", args=[grant_2026.pk]),
    ]

    def counts():
        result = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            result.append(len(queries))
        return result

    small = counts()
    for day in range(10, 20):
        household = make_household(site=site_a, by=social_worker)
        record_interview(household=household, by=social_worker, held_on=D(2026, 6, day))
    assert counts() == small
