import re

import pytest
from playwright.sync_api import expect

from households.models import Household

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _add_member(page, first, last, birth, relation):
    page.get_by_role("link", name="Ajouter un membre").first.click()
    page.get_by_label("Prénom").fill(first)
    page.get_by_label(re.compile(r"\bNom\b")).fill(last)
    page.get_by_label("Sexe").select_option(label="Femme" if first == "Zoé" else "Homme")
    page.get_by_label("Date de naissance").fill(birth)
    page.get_by_label("Lien avec la personne de référence").select_option(label=relation)
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("cell", name=f"{first} {last.upper()}", exact=True)).to_be_visible()


def test_social_worker_registers_a_household_and_finds_it_without_accents(
    page, login, social_worker, site_a
):
    login(social_worker)
    page.get_by_role("link", name="Ménages").first.click()
    page.get_by_role("link", name="Enregistrer un ménage").click()
    page.get_by_label("Commune actuelle").fill("Montreuil")
    page.get_by_label("Hébergement actuel").select_option(label="Hôtel")
    page.locator("input[name=consent_processing]").check()
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("CDF-")

    _add_member(page, "Zoé", "Éléonore", "1988-04-12", "Personne de référence")
    _add_member(page, "Noël", "Éléonore", "2015-09-30", "Enfant")

    household = Household.objects.get()
    page.get_by_role("link", name="Ménages").first.click()
    search = page.get_by_role("searchbox", name="Recherche")
    search.press_sequentially("zoe eleonore", delay=20)
    # htmx replaces the results as one types; the household is the only match.
    expect(page.locator("#household-results tbody tr")).to_have_count(1)
    page.get_by_role("link", name=household.reference).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(household.reference)
    expect(page.get_by_role("cell", name="Noël ÉLÉONORE", exact=True)).to_be_visible()
