"""The recommendations on the diagnostic and plan pages, and the one-click pick of a target."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from followups.services import followup_record
from mobility_plans.models import PlanTarget
from partners.models import OfferKind
from tests.factories import make_household, make_person
from tests.followups.helpers import OUTCOME, moved_in_the_past
from tests.interviews.builders import days_ago, record_diagnostic, record_plan_interview
from tests.partners.helpers import make_offer, make_partner
from tests.recommendations.helpers import import_hiring, import_zones

pytestmark = pytest.mark.django_db

CARE = ("V0X21", "Aides-soignants")


@pytest.fixture
def carer(site_a, social_worker):
    """A household whose head is a care assistant, with a draft plan (Brittany, Ille-et-Vilaine)."""
    household = make_household(
        site=site_a,
        by=social_worker,
        social_worker=social_worker,
        mobility_wishes="Plutôt la Haute-Vienne",
    )
    make_person(household=household, by=social_worker, occupation="Aide-soignante")
    record_diagnostic(household=household, by=social_worker)
    plan = record_plan_interview(household=household, by=social_worker)
    return household, plan


@pytest.fixture
def reference(coordinator):
    import_hiring(
        by=coordinator,
        rows=[
            (*CARE, "87", 412, "71,2", 3),
            (*CARE, "35", 120, 40, 2),
            ("S1X40", "Cuisiniers", "29", 800, 50, 30),
        ],
    )
    import_zones(by=coordinator, rows=[("87085", "C"), ("87154", "C"), ("35238", "B1")])


def fragment(client, household):
    return client.get(reverse("recommendations:household", args=[household.pk]))


def test_the_diagnostic_and_plan_pages_load_the_recommendations(client, social_worker, carer):
    household, plan = carer
    client.force_login(social_worker)
    url = reverse("recommendations:household", args=[household.pk])
    assert url in client.get(reverse("mobility_plans:detail", args=[plan.pk])).content.decode()
    diagnostic = household.interviews.get(kind="diagnostic")
    assert url in client.get(reverse("interviews:detail", args=[diagnostic.pk])).content.decode()


def test_each_departement_comes_with_its_reasons_offers_and_sources(
    client, social_worker, coordinator, carer, reference, site_a
):
    household, _plan = carer
    # One household of the programme moved to Ille-et-Vilaine 14 months ago, still there.
    _moved, relocation = moved_in_the_past(site=site_a, by=social_worker, moved_on=days_ago(430))
    twelve = relocation.followups.get(months_after=12)
    followup_record(followup=twelve, by=social_worker, done_on=days_ago(60), **OUTCOME)
    make_offer(
        partner=make_partner(departement="87"),
        kind=OfferKind.JOB,
        title="Aide-soignant de nuit, EHPAD",
        departement="87",
        by=coordinator,
    )
    client.force_login(social_worker)
    page = fragment(client, household).content.decode()

    first = page.index('data-departement="87"')
    assert first < page.index('data-departement="35"') < page.index('data-departement="29"')
    assert "412 embauches prévues en Aides-soignants, 71\u00a0% jugées difficiles" in page
    assert "zone C\u00a0: logement social accessible" in page
    assert "cité dans les souhaits du ménage" in page
    assert "1 ménage du programme installé, 1 toujours sur place à 12 mois" in page
    assert "Aide-soignant de nuit, EHPAD" in page
    assert "France Travail, BMO" in page and "Zonage ABC" in page
    assert "calculé à partir des installations et des suivis enregistrés" in page
    assert 'data-departement="75"' not in page and 'data-departement="93"' not in page


def test_auditors_see_the_list_without_what_the_wishes_say(client, auditor, carer, reference):
    household, _plan = carer
    client.force_login(auditor)
    page = fragment(client, household).content.decode()
    assert "412 embauches prévues" in page
    assert "cité dans les souhaits du ménage" not in page
    assert "Ajouter comme cible" not in page


def test_the_list_keeps_a_constant_number_of_queries(
    client, social_worker, coordinator, carer, reference
):
    household, _plan = carer
    client.force_login(social_worker)
    fragment(client, household)  # warm the per-request caches (session, access)
    with CaptureQueriesContext(connection) as small:
        fragment(client, household)
    partner = make_partner(departement="87")
    for dep in ("87", "35", "29", "22", "63"):
        for number in range(4):
            make_offer(partner=partner, title=f"Offre {number}", departement=dep, by=coordinator)
    import_hiring(
        by=coordinator,
        rows=[
            (f"F{n:03d}", f"Aides-soignants {n}", dep, 10 + n, 50, 5)
            for n in range(40)
            for dep in ("87", "35", "22", "63", "19")
        ],
        year=2026,
    )
    with CaptureQueriesContext(connection) as large:
        fragment(client, household)
    assert len(large) == len(small), [q["sql"][:80] for q in large.captured_queries]


def pick(client, plan, code, **extra):
    return client.post(
        reverse("recommendations:pick", args=[plan.pk]), {"departement": code, **extra}
    )


def test_a_social_worker_adds_a_recommended_departement_in_one_click(
    client, social_worker, carer, reference
):
    household, plan = carer
    client.force_login(social_worker)
    response = pick(client, plan, "87", next=reverse("mobility_plans:detail", args=[plan.pk]))
    assert response.status_code == 302
    target = plan.targets.get(departement_id="87")
    assert (target.region_id, target.preference) == ("75", 3)  # after the plan's two targets
    record = target.history.latest()
    assert record.history_user == social_worker
    assert "Département recommandé choisi" in record.history_change_reason
    page = client.get(response.url).content.decode()
    assert "Haute-Vienne (87) ajouté aux zones cibles du plan." in page
    assert "Haute-Vienne" in page
    assert 'data-departement="87"' in fragment(client, household).content.decode()
    assert "cible du plan" in fragment(client, household).content.decode()

    again = pick(client, plan, "87")
    assert PlanTarget.objects.filter(plan=plan, departement_id="87").count() == 1
    assert "Ce département est déjà une cible du plan." in client.get(again.url).content.decode()


@pytest.mark.parametrize("code", ["75", "zz", "", "9" * 300])
def test_a_bad_departement_is_refused_with_a_message(client, social_worker, carer, code):
    _household, plan = carer
    client.force_login(social_worker)
    response = pick(client, plan, code)
    assert response.status_code == 302
    assert plan.targets.count() == 2
    assert "hors d’Île-de-France" in client.get(response.url).content.decode()


def test_an_outside_next_address_is_not_followed(client, social_worker, carer):
    _household, plan = carer
    client.force_login(social_worker)
    response = pick(client, plan, "87", next="https://example.org/")
    assert response.url == plan.get_absolute_url()


@pytest.mark.parametrize(("role", "status"), [("auditor", 403), ("director", 403)])
def test_readers_never_pick(client, world, carer, role, status):
    _household, plan = carer
    client.force_login(world.users[role])
    assert pick(client, plan, "87").status_code == status
    assert plan.targets.count() == 2


def test_a_social_worker_of_another_site_gets_404(client, social_worker_b, carer):
    _household, plan = carer
    client.force_login(social_worker_b)
    assert pick(client, plan, "87").status_code == 404
    assert fragment(client, plan.household).status_code == 404


def test_a_signed_plan_takes_a_new_target_from_a_coordinator_only(
    client, site_a, social_worker, coordinator
):
    household = make_household(site=site_a, by=social_worker, social_worker=social_worker)
    make_person(household=household, by=social_worker, occupation="maçon")
    record_diagnostic(household=household, by=social_worker)
    plan = record_plan_interview(household=household, by=social_worker, signed_on=days_ago(9))
    client.force_login(social_worker)
    response = pick(client, plan, "87")
    assert "seul un coordinateur du site" in client.get(response.url).content.decode()
    assert "Ajouter comme cible" not in fragment(client, household).content.decode()
    client.force_login(coordinator)
    pick(client, plan, "87")
    assert plan.targets.filter(departement_id="87").exists()


def test_without_reference_data_or_plan_the_page_says_so(client, social_worker, household):
    make_person(household=household, by=social_worker, occupation="Cuisinier")
    client.force_login(social_worker)
    page = fragment(client, household).content.decode()
    assert "pas encore de besoins en main-d’œuvre" in page
    assert "Quand le ménage aura un plan de mobilité" in page
    assert "Ajouter comme cible" not in page
    # Every département would score alike: no list rather than one in INSEE order.
    assert "data-departement=" not in page
    assert "les données de référence manquent" in page
