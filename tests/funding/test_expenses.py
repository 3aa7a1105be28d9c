"""The expense pages: recording with shares, the list and its filters, the scan, who may do what."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from funding import services
from funding.models import Expense, ExpenseCategory
from tests.funding.factories import days_from_today, make_grant, pdf_upload

pytestmark = pytest.mark.django_db


def record(*, by, grant=None, percent="50", number="F-1", **fields):
    values = {
        "date": days_from_today(-5),
        "supplier": "SNCF",
        "category": ExpenseCategory.TRAVEL,
        "amount": Decimal("100.00"),
        "invoice_reference": number,
    }
    values.update(fields)
    shares = [(grant, Decimal(percent))] if grant else []
    return services.expense_record(by=by, shares=shares, **values)


def create_post(grants_percents, **fields):
    data = {
        "date": days_from_today(-3).isoformat(),
        "supplier": "Interprètes sans frontières",
        "category": ExpenseCategory.INTERPRETING,
        "amount": "240.00",
        "invoice_reference": "ISF-77",
        "shares-TOTAL_FORMS": "3",
        "shares-INITIAL_FORMS": "0",
        "shares-MIN_NUM_FORMS": "0",
        "shares-MAX_NUM_FORMS": "20",
    }
    for index, (grant, percent) in enumerate(grants_percents):
        data[f"shares-{index}-grant"] = str(grant.pk)
        data[f"shares-{index}-percent"] = percent
    data.update(fields)
    return data


def test_shares_over_100_percent_refused_by_the_service(director, grant, site_a):
    other = make_grant(by=director, sites=[site_a])
    with pytest.raises(services.FundingRuleError, match="more than 100 %"):
        services.expense_record(
            by=director,
            date=days_from_today(-5),
            supplier="SNCF",
            category=ExpenseCategory.TRAVEL,
            amount=Decimal("10"),
            invoice_reference="X",
            shares=[(grant, Decimal("60")), (other, Decimal("40.01"))],
        )
    assert not Expense.objects.exists()


def test_create_page_records_the_expense_and_its_shares(client_for, director, grant, site_a):
    other = make_grant(by=director, sites=[site_a])
    response = client_for(director).post(
        reverse("funding:expense_create"), create_post([(grant, "60"), (other, "40")])
    )
    expense = Expense.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("funding:expense_detail", args=[expense.pk])
    assert expense.amount == Decimal("240.00")
    assert sorted(s.percent for s in expense.shares.all()) == [Decimal("40"), Decimal("60")]


def test_create_page_refuses_shares_over_100_percent_in_french(client_for, director, grant, site_a):
    other = make_grant(by=director, sites=[site_a])
    client = client_for(director)
    response = client.post(
        reverse("funding:expense_create"),
        create_post([(grant, "70"), (other, "31")]),
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert response.status_code == 200
    assert not Expense.objects.exists()
    assert "ne peuvent pas dépasser 100 %" in response.content.decode()


def test_create_page_refuses_the_same_grant_twice(client_for, director, grant):
    response = client_for(director).post(
        reverse("funding:expense_create"), create_post([(grant, "30"), (grant, "20")])
    )
    assert response.status_code == 200
    assert not Expense.objects.exists()


def test_create_page_takes_a_scan_and_refuses_a_fake_one(client_for, director, grant):
    client = client_for(director)
    fake = pdf_upload("facture.pdf", content=b"MZ not a pdf")
    response = client.post(
        reverse("funding:expense_create"), {**create_post([(grant, "50")]), "scan": fake}
    )
    assert response.status_code == 200
    assert not Expense.objects.exists()
    response = client.post(
        reverse("funding:expense_create"),
        {**create_post([(grant, "50")]), "scan": pdf_upload("facture Dupont.pdf")},
    )
    expense = Expense.objects.get()
    assert expense.scan.name.endswith(".pdf") and "Dupont" not in expense.scan.name
    scan = client.get(reverse("funding:expense_scan", args=[expense.pk]))
    assert scan.status_code == 200
    assert "attachment" in scan["Content-Disposition"]
    assert b"".join(scan.streaming_content).startswith(b"%PDF-")


def test_scan_missing_is_404(client_for, director):
    expense = record(by=director)
    response = client_for(director).get(reverse("funding:expense_scan", args=[expense.pk]))
    assert response.status_code == 404


def test_list_query_count_is_constant(client_for, director, grant, site_a):
    other = make_grant(by=director, sites=[site_a])
    record(by=director, grant=grant, number="A")
    client = client_for(director)
    url = reverse("funding:expense_list")
    client.get(url)  # the session and the user's access are loaded once
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for number in range(12):
        expense = record(by=director, grant=grant, percent="30", number=f"B{number}")
        services.expense_share_set(expense=expense, grant=other, percent=Decimal("20"), by=director)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 13
    # session, user, memberships, count, the page of expenses, their shares with grants,
    # the grants of the filter bar: the same whatever the number of expenses and shares.
    assert len(many) == len(one)


def test_list_filters_by_grant_category_and_period(client_for, director, grant, site_a):
    other = make_grant(by=director, sites=[site_a])
    record(by=director, grant=grant, number="A", date=days_from_today(-40))
    record(by=director, grant=other, number="B", category=ExpenseCategory.RENT)
    client = client_for(director)
    url = reverse("funding:expense_list")

    def numbers(**params):
        page = client.get(url, params).context["page"]
        return sorted(expense.invoice_reference for expense in page)

    assert numbers() == ["A", "B"]
    assert numbers(grant=grant.pk) == ["A"]
    assert numbers(category=ExpenseCategory.RENT) == ["B"]
    assert numbers(date_from=days_from_today(-10).isoformat()) == ["B"]
    assert numbers(date_to=days_from_today(-10).isoformat()) == ["A"]


@pytest.mark.parametrize(
    "params",
    [
        {"grant": "abc"},
        {"grant": "99999999999999999999999"},
        {"grant": "-1"},
        {"grant": "1\x00"},
        {"category": "<script>alert(1)</script>"},
        {"date_from": "31/02/2026"},
        {"date_to": "' OR 1=1 --"},
        {"date_from": "9" * 300},
        {"page": "-5"},
        {"page": "abc"},
        {"page": "99999999999999999999"},
    ],
)
def test_list_with_hostile_values_gives_a_clean_page(client_for, director, grant, params):
    record(by=director, grant=grant)
    response = client_for(director).get(reverse("funding:expense_list"), params)
    assert response.status_code == 200
    assert b"<script>alert(1)</script>" not in response.content


def test_coordinator_reads_only_expenses_charged_to_grants_of_their_site(
    client_for, director, coordinator, grant, site_b
):
    elsewhere = make_grant(by=director, sites=[site_b])
    mine = record(by=director, grant=grant, number="MINE")
    theirs = record(by=director, grant=elsewhere, number="THEIRS")
    record(by=director, number="NOT-CHARGED")
    client = client_for(coordinator)
    page = client.get(reverse("funding:expense_list")).context["page"]
    assert [expense.pk for expense in page] == [mine.pk]
    assert client.get(reverse("funding:expense_detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("funding:expense_create")).status_code == 403


def test_auditor_reads_but_never_writes(client_for, auditor, director, grant):
    expense = record(by=director, grant=grant)
    client = client_for(auditor)
    assert client.get(reverse("funding:expense_list")).status_code == 200
    assert client.get(reverse("funding:expense_detail", args=[expense.pk])).status_code == 200
    assert client.get(reverse("funding:expense_create")).status_code == 403
    response = client.post(reverse("funding:expense_create"), create_post([(grant, "10")]))
    assert response.status_code == 403
    assert client.post(reverse("funding:expense_import")).status_code == 403
    assert Expense.objects.count() == 1


def test_social_worker_gets_403(client_for, social_worker, director, grant):
    expense = record(by=director, grant=grant)
    client = client_for(social_worker)
    for url in (
        reverse("funding:expense_list"),
        reverse("funding:expense_detail", args=[expense.pk]),
        reverse("funding:expense_scan", args=[expense.pk]),
        reverse("funding:expense_create"),
        reverse("funding:expense_import"),
    ):
        assert client.get(url).status_code == 403, url


def test_detail_shows_the_shares_and_their_amounts(client_for, director, grant):
    expense = record(by=director, grant=grant, percent="25", amount=Decimal("99.99"))
    response = client_for(director).get(reverse("funding:expense_detail", args=[expense.pk]))
    assert response.status_code == 200
    assert grant.agreement_reference in response.content.decode()
    assert response.context["charged_percent"] == Decimal("25")
