"""Importing the accounting export: the dry run lists every refused row, then one transaction."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from funding import services
from funding.expense_import import parse_date, parse_decimal, parse_expenses
from funding.models import Expense, ExpenseCategory, ExpenseShare, GrantStatus
from tests.funding.factories import days_from_today, make_grant

pytestmark = pytest.mark.django_db

HEADINGS = "Date;Fournisseur;Catégorie;Montant;N° de facture;Subvention;Part (%)"


def day(days: int) -> str:
    return days_from_today(days).strftime("%d/%m/%Y")


def csv_upload(text: str, *, name="export.csv", encoding="utf-8", bom=False):
    content = text.encode(encoding)
    if bom:
        content = b"\xef\xbb\xbf" + content
    return SimpleUploadedFile(name, content, content_type="text/csv")


@pytest.fixture
def good_file(grant):
    other = grant.agreement_reference
    return "\n".join(
        [
            HEADINGS,
            f"{day(-20)};SNCF;Déplacements;1 234,56;F-001;{other};60",
            f"{day(-20)};SNCF;Déplacements;1 234,56;F-001;FAMI-OTHER;40",
            f"{day(-10)};Hôtel du Nord;Hébergement;89,90;H-17;{other};100",
            f'{day(-5)};=HYPERLINK("x");Autre;12,00;=1+1;;',
        ]
    )


@pytest.fixture
def other_grant(director, site_a):
    return make_grant(by=director, sites=[site_a], agreement_reference="FAMI-OTHER")


def check(client, text, **upload):
    return client.post(reverse("funding:expense_import"), {"file": csv_upload(text, **upload)})


def confirm(client, response):
    digest = response.context["confirm_form"]["digest"].value()
    return client.post(reverse("funding:expense_import"), {"digest": digest})


def test_amounts_and_dates_in_both_spellings():
    assert parse_decimal("1 234,56") == Decimal("1234.56")
    assert parse_decimal("1\u202f234,56 €") == Decimal("1234.56")
    assert parse_decimal("1234.56") == Decimal("1234.56")
    assert parse_decimal("1.234,56") == Decimal("1234.56")
    assert parse_decimal("1,234.56") == Decimal("1234.56")
    for bad in ("", "abc", "12,3,4", "1e5", "NaN"):
        with pytest.raises(ValueError):
            parse_decimal(bad)
    assert parse_date("05/03/2026") == parse_date("2026-03-05")
    with pytest.raises(ValueError):
        parse_date("2026/03/05")


@given(st.decimals(min_value=0, max_value=Decimal("9999999999.99"), places=2))
def test_an_amount_reads_back_in_french_and_english_spelling(amount):
    english = f"{amount:.2f}"
    french = f"{amount:,.2f}".replace(",", "\u202f").replace(".", ",")
    assert parse_decimal(english) == amount
    assert parse_decimal(french) == amount
    assert parse_decimal(f"{amount:,.2f}") == amount


def test_dry_run_lists_each_bad_row_and_writes_nothing(client_for, director, grant, other_grant):
    text = "\n".join(
        [
            HEADINGS,
            f"31/02/2026;SNCF;Déplacements;10,00;A-1;{grant.agreement_reference};10",
            f"{day(-3)};SNCF;Déplacements;dix euros;A-2;{grant.agreement_reference};10",
            f"{day(-3)};SNCF;Déplacements;10,00;A-3;NO-SUCH-GRANT;10",
            f"{day(-3)};SNCF;Cadeaux;10,00;A-4;{grant.agreement_reference};10",
            f"{day(-3)};SNCF;Déplacements;10,00;A-5;{grant.agreement_reference};70",
            f"{day(-3)};SNCF;Déplacements;10,00;A-5;FAMI-OTHER;31",
            f"{day(-3)};SNCF;Déplacements;10,00;A-6;{grant.agreement_reference};150",
            f"{day(-3)};SNCF;Déplacements;10,00;A-7;{grant.agreement_reference};10",
            f"{day(-3)};SNCF;Déplacements;10,001;A-8;{grant.agreement_reference};0,001",
            f"{day(-3)};{'S' * 201};Déplacements;10,00;;{grant.agreement_reference};10",
        ]
    )
    response = check(client_for(director), text)
    assert response.status_code == 200
    errors = [(e.row, e.column) for e in response.context["errors"]]
    assert errors == [
        (2, "Date"),
        (3, "Montant"),
        (4, "Subvention"),
        (5, "Catégorie"),
        (7, "Subvention"),  # the second share of A-5 takes the total over 100 %
        (8, "Part (%)"),
        (10, "Montant"),
        (10, "Part (%)"),
        (11, "Fournisseur"),
        (11, "N° de facture"),
    ]
    messages = {e.row: e.message for e in response.context["errors"]}
    assert "NO-SUCH-GRANT" in messages[4]
    assert "100 %" in messages[7]
    assert "confirm_form" not in response.context
    assert not Expense.objects.exists()


def test_dry_run_reasons_are_in_french(client_for, director, grant):
    text = f"{HEADINGS}\n{day(-2)};SNCF;Cadeaux;10,00;A-1;{grant.agreement_reference};10"
    response = client_for(director).post(
        reverse("funding:expense_import"),
        {"file": csv_upload(text)},
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert response.context["errors"][0].row == 2
    assert "Catégorie de dépense inconnue." in response.content.decode()


def test_a_cell_too_large_for_csv_is_a_clean_refusal():
    parsed = parse_expenses(f"{HEADINGS}\n01/01/2026;{'x' * 200_000};travel;1;A;;")
    assert [(e.row, e.column) for e in parsed.errors] == [(1, "")]


def test_missing_column_is_reported(client_for, director):
    text = "Date;Fournisseur;Montant;N° de facture\n01/01/2026;SNCF;10;A"
    response = check(client_for(director), text)
    assert [(e.row, e.column) for e in response.context["errors"]] == [(1, "Catégorie")]
    grant_without_share = "Date;Fournisseur;Catégorie;Montant;N° de facture;Subvention\n"
    assert [e.column for e in parse_expenses(grant_without_share).errors] == ["Part (%)"]


def test_dry_run_then_import_in_one_go(client_for, director, grant, other_grant, good_file):
    client = client_for(director)
    response = check(client, good_file)
    assert response.context["errors"] == []
    assert len(response.context["to_create"]) == 3
    assert not Expense.objects.exists()
    response = confirm(client, response)
    assert response.status_code == 302
    assert response["Location"] == reverse("funding:expense_list")
    sncf = Expense.objects.get(invoice_reference="F-001")
    assert sncf.amount == Decimal("1234.56")
    assert sncf.category == ExpenseCategory.TRAVEL
    assert sorted(s.percent for s in sncf.shares.all()) == [Decimal("40"), Decimal("60")]
    # A formula-looking cell is just the text of the cell.
    assert Expense.objects.get(invoice_reference="=1+1").supplier == '=HYPERLINK("x")'
    assert Expense.objects.count() == 3
    assert ExpenseShare.objects.count() == 3


def test_reimporting_the_same_file_creates_nothing(
    client_for, director, grant, other_grant, good_file
):
    client = client_for(director)
    confirm(client, check(client, good_file))
    response = check(client, good_file)
    assert response.context["to_create"] == []
    assert response.context["already_imported"] == [2, 3, 4, 5]
    assert "confirm_form" not in response.context
    rows = parse_expenses(good_file).lines
    plan = services.expenses_import(rows=rows, by=director)
    assert plan.to_create == [] and len(plan.already_imported) == 4
    assert Expense.objects.count() == 3


def test_confirming_twice_imports_once(client_for, director, grant, other_grant, good_file):
    client = client_for(director)
    checked = check(client, good_file)
    confirm(client, checked)
    response = confirm(client, checked)
    assert response.status_code == 302
    assert response["Location"] == reverse("funding:expense_import")
    assert Expense.objects.count() == 3


def test_service_refuses_the_whole_file_when_one_row_is_refused(director, grant):
    grant = services.grant_update(
        grant=grant, by=director, status=GrantStatus.SIGNED, signed_on=days_from_today(-30)
    )
    text = "\n".join(
        [
            HEADINGS,
            f"{day(-2)};SNCF;travel;10;OK-1;{grant.agreement_reference};50",
            f"{day(-2)};SNCF;travel;20;BAD-1;{grant.agreement_reference};60",
            f"{day(-2)};SNCF;travel;20;BAD-1;{grant.agreement_reference};50",
        ]
    )
    with pytest.raises(services.FundingRuleError):
        services.expenses_import(rows=parse_expenses(text).lines, by=director)
    assert not Expense.objects.exists()


def test_semicolon_and_decimal_comma_file_in_cp1252(client_for, director, grant):
    reference = grant.agreement_reference
    text = f"{HEADINGS}\n{day(-2)};Café de la Gare;Repas;1 045,50;R-9;{reference};33,33"
    client = client_for(director)
    confirm(client, check(client, text, encoding="cp1252"))
    expense = Expense.objects.get()
    assert expense.supplier == "Café de la Gare"
    assert expense.amount == Decimal("1045.50")
    assert expense.shares.get().percent == Decimal("33.33")


def test_comma_file_with_bom_and_english_headings(client_for, director, grant):
    text = (
        "Date,Supplier,Category,Amount,Invoice reference,Grant,Share (%)\n"
        f"{days_from_today(-2).isoformat()},SNCF,Travel,1234.56,E-1,{grant.agreement_reference},100\n"
    )
    client = client_for(director)
    response = check(client, text, bom=True)
    assert response.context["errors"] == []
    confirm(client, response)
    assert Expense.objects.get().amount == Decimal("1234.56")


def test_oversized_or_not_csv_file_is_refused_clearly(client_for, director, settings):
    settings.MAX_UPLOAD_MB = 1
    client = client_for(director)
    big = f"{HEADINGS}\n" + "x" * (1024 * 1024 + 1)
    response = client.post(
        reverse("funding:expense_import"),
        {"file": csv_upload(big)},
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert "trop volumineux" in response.content.decode()
    response = check(client, "%PDF-1.4 not a csv", name="export.pdf")
    assert response.context["form"].errors["file"]
    response = check(client, "a\x00b", name="export.csv")
    assert response.context["form"].errors["file"]
    assert not Expense.objects.exists()


def test_coordinator_and_auditor_cannot_import(client_for, coordinator, auditor, grant):
    text = f"{HEADINGS}\n{day(-2)};SNCF;travel;10;X;{grant.agreement_reference};10"
    for user in (coordinator, auditor):
        client = client_for(user)
        assert client.get(reverse("funding:expense_import")).status_code == 403
        assert check(client, text).status_code == 403
    assert not Expense.objects.exists()


def test_a_file_with_old_and_new_rows_imports_only_the_new_ones(
    client_for, director, grant, other_grant, good_file
):
    client = client_for(director)
    confirm(client, check(client, good_file))
    longer = f"{good_file}\n{day(-1)};SNCF;Déplacements;45,00;F-002;{grant.agreement_reference};100"
    checked = check(client, longer)
    assert checked.context["already_imported"] == [2, 3, 4, 5]
    assert [expense.rows for expense in checked.context["to_create"]] == [[6]]
    response = confirm(client, checked)
    assert response.status_code == 302
    assert Expense.objects.count() == 4
    message = str(next(iter(client.get(response["Location"]).context["messages"])))
    assert message.startswith("1 ") and " 4 " in message
