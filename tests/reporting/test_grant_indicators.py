"""Indicators limited to one grant: its eligible households, its period, its sites.

The world, built by hand (today is frozen on 15 March 2026 by the conftest). Grant G covers site
A only, from 2025-01-01 to 2025-12-31, for refugees and subsidiaries. Site B is not covered.

E1 (A) eligible: a refugee (evidence without expiry) and a child without status; both present
   at workshop W1 2025-03-10, diagnostic 2025-04-01, plan 2025-05-01, moved 2025-07-01 (both).
E2 (A) eligible: a subsidiary (evidence 2024-06-01 → 2027-01-01); workshop W0 2024-11-05
   (before the grant), diagnostic 2025-02-01 (its first activity in the grant's period).
N1 (A) status not covered: a stateless person with evidence; present at W1, diagnostic
   2025-04-15.
N2 (A) evidence missing: a refugee without any document; diagnostic 2025-03-01, plan
   2025-04-01, moved 2025-06-01 (one person).
N3 (A) evidence expired on the first activity: a refugee whose card ran out on 2025-01-31;
   diagnostic 2025-02-15; the only one present at workshop W3 2025-09-01.
B1 (B) at a site the grant does not cover: a refugee with evidence; workshop WB 2025-04-01,
   diagnostic 2025-05-01.
Trainings: TA 2025-05-20 at A, 3.5 h, two professionals present; TA0 2024-06-01 at A, 2 h
(before the grant), one present; TB 2025-06-01 at B, 1.5 h, a third professional present.
Targets of G: households relocated 4, persons relocated 0, households supported 3, workshops
held 2, persons informed 8, professionals trained 1, training hours 10.
"""

import datetime
import io
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from accounts.models import Role
from funding import services as funding_services
from funding.beneficiaries import grant_beneficiaries
from funding.models import IndicatorKind
from households.models import Relation
from reporting import services as reporting_services
from reporting.forms import PeriodForm
from reporting.indicators import compute_indicators, rate
from reporting.models import ReportStatus
from tests.factories import PartnerFactory, make_person, user_with_role
from tests.funding.factories import make_funder, make_grant
from workshops import services as ws

from . import grant_world as gw

pytestmark = pytest.mark.django_db

D = datetime.date
YEAR_2025 = {"period_start": D(2025, 1, 1), "period_end": D(2025, 12, 31)}
TARGETS = {
    IndicatorKind.HOUSEHOLDS_RELOCATED: "4",
    IndicatorKind.PERSONS_RELOCATED: "0",
    IndicatorKind.HOUSEHOLDS_SUPPORTED: "3",
    IndicatorKind.WORKSHOPS_HELD: "2",
    IndicatorKind.PERSONS_INFORMED: "8",
    IndicatorKind.PROFESSIONALS_TRAINED: "1",
    IndicatorKind.TRAINING_HOURS: "10",
}


@pytest.fixture
def world(site_a, site_b, social_worker, social_worker_b, coordinator, director):
    sw, sw_b = social_worker, social_worker_b
    coordinator_b = user_with_role(Role.COORDINATOR, site_b, username="coord.b")
    valid = (D(2024, 1, 1), None)

    e1, e1_head = gw.household(site_a, sw, "refugee", evidence=valid)
    e1_child = make_person(household=e1, by=sw, first_name="Elias", relation=Relation.CHILD)
    e2, _ = gw.household(site_a, sw, "subsidiary", evidence=(D(2024, 6, 1), D(2027, 1, 1)))
    n1, _ = gw.household(site_a, sw, "stateless", evidence=valid)
    n2, n2_head = gw.household(site_a, sw, "refugee")
    n3, _ = gw.household(site_a, sw, "refugee", evidence=(D(2020, 1, 1), D(2025, 1, 31)))
    b1, _ = gw.household(site_b, sw_b, "refugee", evidence=valid)

    w1 = gw.workshop(site_a, coordinator, D(2025, 3, 10))
    gw.present(w1, e1, sw)
    gw.present(w1, n1, sw)
    gw.diagnostic(e1, sw, D(2025, 4, 1))
    gw.move(e1, sw, D(2025, 5, 1), D(2025, 7, 1), [e1_head, e1_child])

    gw.present(gw.workshop(site_a, coordinator, D(2024, 11, 5)), e2, sw)
    gw.diagnostic(e2, sw, D(2025, 2, 1))

    gw.diagnostic(n1, sw, D(2025, 4, 15))

    gw.diagnostic(n2, sw, D(2025, 3, 1))
    gw.move(n2, sw, D(2025, 4, 1), D(2025, 6, 1), [n2_head])

    gw.diagnostic(n3, sw, D(2025, 2, 15))
    gw.present(gw.workshop(site_a, coordinator, D(2025, 9, 1)), n3, sw)

    gw.present(gw.workshop(site_b, coordinator_b, D(2025, 4, 1)), b1, sw_b)
    gw.diagnostic(b1, sw_b, D(2025, 5, 1))

    cada = PartnerFactory(name="CADA X")
    p1, p2, p3 = (ws.trainee_create(by=coordinator, name=n, organisation=cada) for n in "PQR")
    gw.training(site_a, coordinator, D(2025, 5, 20), "3.5", [p1, p2])
    gw.training(site_a, coordinator, D(2024, 6, 1), "2", [p1])
    gw.training(site_b, coordinator_b, D(2025, 6, 1), "1.5", [p3])

    grant = make_grant(
        by=director,
        sites=[site_a],
        funder=make_funder(by=director, name="Fonds Asile Test"),
        agreement_reference="FAMI-2025-07",
        starts_on=D(2025, 1, 1),
        ends_on=D(2025, 12, 31),
    )
    for indicator, target in TARGETS.items():
        funding_services.grant_indicator_set(
            grant=grant, by=director, indicator=indicator, target=Decimal(target)
        )
    other = make_grant(by=director, sites=[site_b], agreement_reference="FAMI-B")
    return SimpleNamespace(
        grant=grant, other=other, e1=e1, e2=e2, n1=n1, n2=n2, n3=n3, b1=b1, w1=w1,
        coordinator_b=coordinator_b,
    )  # fmt: skip


def _targets(indicators) -> dict:
    return {row["key"]: (row["achieved"], row["rate"]) for row in indicators["grant_targets"]}


def test_grant_limited_figures_count_only_eligible_households_of_its_sites(world):
    ind = compute_indicators(**YEAR_2025, grant=world.grant)

    assert ind["scope"].household_ids == tuple(sorted([world.e1.pk, world.e2.pk]))
    assert ind["scope"].site_ids == (world.e1.site_id,)
    assert ind["supported"] == 2
    assert (ind["relocations"]["households"], ind["relocations"]["persons"]) == (1, 2)
    # W1 only: W3 had nobody eligible, WB is at site B, W0 before the grant.
    assert ind["workshops"] == {"held": 1, "attendances": 2, "households": 1, "persons": 2}
    assert ind["interviews"]["total"] == 3  # E1's two, E2's diagnostic
    assert ind["duration"]["relocations"] == 1
    assert ind["withdrawals"]["total"] == 0
    # Trainings are not about households: every training of site A within the grant's period.
    trainings = ind["trainings"]
    assert (trainings["sessions"], trainings["hours"], trainings["professionals"]) == (
        1,
        Decimal("3.5"),
        2,
    )


def test_grant_targets_show_target_achieved_and_rate(world):
    ind = compute_indicators(**YEAR_2025, grant=world.grant)

    assert [row["key"] for row in ind["grant_targets"]] == list(IndicatorKind.values)
    assert _targets(ind) == {
        "households_relocated": (1, Decimal("25.0")),
        "persons_relocated": (2, None),  # a target of 0 has no rate
        "households_supported": (2, Decimal("66.7")),
        "workshops_held": (1, Decimal("50.0")),
        "persons_informed": (2, Decimal("25.0")),
        "professionals_trained": (2, Decimal("200.0")),
        "training_hours": (Decimal("3.5"), Decimal("35.0")),
    }


@given(
    achieved=st.decimals(min_value=0, max_value=10**6, places=2),
    target=st.decimals(min_value=Decimal("0.01"), max_value=10**6, places=2),
)
def test_rate_is_the_share_of_the_target_to_a_twentieth_of_a_point(achieved, target):
    exact = achieved * 100 / target
    assert abs(rate(achieved, target) - exact) <= Decimal("0.05")
    assert rate(achieved, target).as_tuple().exponent == -1


def test_rate_is_rounded_half_up_to_one_decimal():
    assert rate(1, Decimal("8")) == Decimal("12.5")
    assert rate(1, Decimal("3")) == Decimal("33.3")
    assert rate(2, Decimal("3")) == Decimal("66.7")
    assert rate(5, Decimal("0")) is None


def test_the_period_is_clipped_to_the_grants(world):
    ind = compute_indicators(
        period_start=D(2025, 6, 1), period_end=D(2026, 3, 1), grant=world.grant
    )

    assert (ind["scope"].start, ind["scope"].end) == (D(2025, 6, 1), D(2025, 12, 31))
    assert ind["supported"] == 1  # E2 had no activity after June
    assert ind["relocations"]["households"] == 1
    assert ind["workshops"]["held"] == 0
    cumulative = compute_indicators(
        period_start=None, period_end=D(2026, 3, 1), cumulative=True, grant=world.grant
    )
    assert (cumulative["scope"].start, cumulative["scope"].end) == (D(2025, 1, 1), D(2025, 12, 31))
    assert cumulative["supported"] == 2


def test_unrestricted_figures_are_unchanged(world):
    ind = compute_indicators(**YEAR_2025)

    assert ind["scope"].household_ids is None
    assert ind["supported"] is None and ind["grant_targets"] == []
    assert (ind["relocations"]["households"], ind["relocations"]["persons"]) == (2, 3)
    assert ind["workshops"] == {"held": 3, "attendances": 5, "households": 4, "persons": 5}
    assert ind["interviews"]["total"] == 8
    assert (ind["trainings"]["sessions"], ind["trainings"]["professionals"]) == (2, 3)


def test_dashboard_with_a_grant_shows_its_targets(world, director, client_for):
    response = client_for(director).get(
        reverse("reporting:dashboard"), {"year": "2025", "grant": world.grant.pk}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Grant targets" in html and "FAMI-2025-07" in html and "Fonds Asile Test" in html
    rows = {row["key"]: row for row in response.context["ind"]["grant_targets"]}
    assert rows["households_supported"]["rate"] == Decimal("66.7")
    assert "66.7 %" in html and "200.0 %" in html and "35.0 %" in html
    assert "key=supported" in rows["households_supported"]["url"]
    assert f"grant={world.grant.pk}" in rows["households_relocated"]["url"]


def test_dashboard_without_a_grant_has_no_targets(world, director, client_for):
    response = client_for(director).get(reverse("reporting:dashboard"), {"year": "2025"})

    assert response.status_code == 200
    assert "Grant targets" not in response.content.decode()


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("supported", {"e1", "e2"}),
        ("relocated", {"e1"}),
        ("informed", {"e1"}),
        ("interviews", {"e1", "e2"}),
    ],
)
def test_the_lists_behind_the_figures_follow_the_grant(world, director, client_for, key, expected):
    response = client_for(director).get(
        reverse("reporting:drilldown"), {"year": "2025", "grant": world.grant.pk, "key": key}
    )

    assert response.status_code == 200
    listed = {household.pk for household in response.context["page"]}
    assert listed == {getattr(world, name).pk for name in expected}
    assert "limited to the grant FAMI-2025-07" in response.content.decode()


def test_the_workshop_list_follows_the_grant(world, director, client_for):
    response = client_for(director).get(
        reverse("reporting:drilldown"),
        {"year": "2025", "grant": world.grant.pk, "key": "workshops"},
    )

    assert [workshop.pk for workshop in response.context["page"]] == [world.w1.pk]


@pytest.mark.parametrize("value", ["unknown", "other_sites", "99999999999999999999", "abc", "-1"])
def test_a_bad_grant_is_a_form_error_never_a_500(world, coordinator, client_for, value):
    grant = {"unknown": "987654", "other_sites": str(world.other.pk)}.get(value, value)
    client = client_for(coordinator)

    response = client.get(reverse("reporting:dashboard"), {"year": "2025", "grant": grant})

    assert response.status_code == 200
    assert "grant" in response.context["form"].errors
    assert "ind" not in response.context
    drilldown = client.get(
        reverse("reporting:drilldown"), {"year": "2025", "grant": grant, "key": "relocated"}
    )
    assert drilldown.status_code == 404


def test_a_coordinator_chooses_among_the_grants_of_their_sites(world, coordinator):
    form = PeriodForm({"year": "2025", "grant": str(world.grant.pk)}, user=coordinator)

    assert form.is_valid(), form.errors
    assert list(form.fields["grant"].queryset) == [world.grant]
    assert form.params() == {"sites": [], "year": 2025, "grant": world.grant.pk}
    rebuilt = PeriodForm(form.params(), user=coordinator)
    assert rebuilt.is_valid() and rebuilt.scope() == form.scope()


def test_no_grant_field_for_who_reads_no_grant(world, site_a):
    lonely = user_with_role(Role.COORDINATOR, world.b1.site, username="coord.nogrant")
    world.other.sites.clear()

    assert "grant" not in PeriodForm(user=lonely).fields


def test_a_period_outside_the_grants_is_a_form_error(world, director, client_for):
    response = client_for(director).get(
        reverse("reporting:dashboard"), {"year": "2024", "grant": world.grant.pk}
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


def _eligible_households(site, by, workshop, n):
    for _ in range(n):
        household, _head = gw.household(site, by, "refugee", evidence=(D(2024, 1, 1), None))
        gw.present(workshop, household, by)


def test_dashboard_with_a_grant_runs_the_same_queries_for_3_and_30_households(
    site_a, social_worker, coordinator, director, client_for
):
    grant = make_grant(
        by=director, sites=[site_a], starts_on=D(2025, 1, 1), ends_on=D(2025, 12, 31)
    )
    funding_services.grant_indicator_set(
        grant=grant, by=director, indicator=IndicatorKind.PERSONS_INFORMED, target=Decimal("40")
    )
    workshop = gw.workshop(site_a, coordinator, D(2025, 3, 10), capacity=40)
    client = client_for(director)
    params = {"year": "2025", "grant": grant.pk}

    def count() -> tuple[int, dict]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("reporting:dashboard"), params)
        assert response.status_code == 200
        return len(queries), _targets(response.context["ind"])

    _eligible_households(site_a, social_worker, workshop, 3)
    small, targets = count()
    assert targets == {"persons_informed": (3, Decimal("7.5"))}
    _eligible_households(site_a, social_worker, workshop, 27)
    large, targets = count()
    assert targets == {"persons_informed": (30, Decimal("75.0"))}
    assert large == small


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_yearly_pdf_limited_to_a_grant_holds_its_targets(
    world, director, django_capture_on_commit_callbacks
):
    parameters = {"year": 2025, "sites": [], "grant": world.grant.pk}
    with django_capture_on_commit_callbacks(execute=True):
        report = reporting_services.report_request(
            by=director, kind="yearly_report", parameters=parameters
        )
    report.refresh_from_db()

    assert report.status == ReportStatus.DONE, report.error
    reader = PdfReader(io.BytesIO(report.file.read()))
    # The targets have a page of their own, after the cover.
    targets_page = reader.pages[1].extract_text()
    # (pypdf splits "T est" on kerning: the funder is matched on its first words)
    assert "FAMI-2025-07" in targets_page and "Fonds Asile" in targets_page
    assert "2025" in targets_page
    # Written the French way: 66,7 % of the households supported, 200,0 % of the professionals.
    for rate_text in ("25,0 %", "66,7 %", "50,0 %", "200,0", "10 3,5 35,0 %"):
        assert rate_text in targets_page


def test_the_grant_limit_counts_the_eligible_beneficiaries_of_the_grant_pages(world):
    ind = compute_indicators(**YEAR_2025, grant=world.grant)

    beneficiaries = grant_beneficiaries(world.grant, D(2025, 1, 1), D(2025, 12, 31))
    assert list(ind["scope"].household_ids) == sorted(
        b.household.pk for b in beneficiaries if b.eligible
    )


def test_sites_outside_the_grant_count_nothing(world, site_b):
    ind = compute_indicators(**YEAR_2025, site_ids=[site_b.pk], grant=world.grant)

    assert ind["scope"].site_ids == () and ind["supported"] == 0
    assert ind["workshops"]["held"] == 0 and ind["trainings"]["sessions"] == 0


def test_the_grant_page_links_to_the_dashboard_limited_to_it(world, director, client_for):
    page = client_for(director).get(reverse("funding:grant_detail", args=[world.grant.pk]))

    assert page.status_code == 200
    link = f"{reverse('reporting:dashboard')}?grant={world.grant.pk}&amp;start=2025-01-01"
    assert link in page.content.decode()
