"""The directors' and auditors' home pages (today is frozen on 15 March 2026 by the conftest).

The world: grant G covers site A for 2026, signed, with targets (4 households relocated,
2 workshops held, 10 persons informed). E1, a refugee of site A with valid evidence, attended
workshop W1 on 2026-01-15, had the diagnostic on 2026-01-20, the plan on 2026-01-25 and moved
on 2026-02-10. The social worker validated their timesheet of February on G.
"""

import datetime
import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from funding import services as funding_services
from funding.models import IndicatorKind
from reporting.home import GRANTS_SHOWN, director_home
from reporting.indicators import indicators_for_scope, make_scope
from reporting.models import Report, ReportStatus
from tests.factories import user_with_role
from tests.funding.factories import make_grant

from . import grant_world as gw

pytestmark = pytest.mark.django_db

D = datetime.date
TARGETS = {
    IndicatorKind.HOUSEHOLDS_RELOCATED: "4",
    IndicatorKind.WORKSHOPS_HELD: "2",
    IndicatorKind.PERSONS_INFORMED: "10",
}


def _grant(director, site, reference, targets=TARGETS):
    grant = make_grant(
        by=director,
        sites=[site],
        agreement_reference=reference,
        starts_on=D(2026, 1, 1),
        ends_on=D(2026, 12, 31),
        signed=True,
    )
    for indicator, target in targets.items():
        funding_services.grant_indicator_set(
            grant=grant, by=director, indicator=indicator, target=Decimal(target)
        )
    return grant


def _relocated(site, worker, moved_on, workshop=None):
    household, head = gw.household(site, worker, "refugee", evidence=(D(2024, 1, 1), None))
    if workshop is not None:
        gw.present(workshop, household, worker)
    gw.diagnostic(household, worker, moved_on - datetime.timedelta(days=21))
    gw.move(household, worker, moved_on - datetime.timedelta(days=14), moved_on, [head])
    return household


def _sheet(staff, grant, day):
    funding_services.time_entry_add(
        by=staff, staff=staff, date=day, hours=Decimal("3"), activity="Entretiens", grant=grant
    )
    return funding_services.timesheet_validate(staff=staff, grant=grant, month=day, by=staff)


@pytest.fixture
def home_world(site_a, social_worker, coordinator, director):
    grant = _grant(director, site_a, "FAMI-2026")
    w1 = gw.workshop(site_a, coordinator, D(2026, 1, 15))
    e1 = _relocated(site_a, social_worker, D(2026, 2, 10), workshop=w1)
    sheet = _sheet(social_worker, grant, D(2026, 2, 3))
    return SimpleNamespace(grant=grant, e1=e1, sheet=sheet)


def _failed(kind, by, **fields):
    return Report.objects.create(
        kind=kind, status=ReportStatus.FAILED, error="Disk full", requested_by=by, **fields
    )


def test_the_director_sees_each_target_against_what_the_dashboard_counts(
    home_world, director, client_for
):
    home = director_home(user=director)

    (progress,) = home["grants"]
    rows = {row["key"]: row for row in progress.rows}
    assert (rows["households_relocated"]["target"], rows["households_relocated"]["achieved"]) == (
        Decimal("4"),
        1,
    )
    assert rows["households_relocated"]["rate"] == Decimal("25.0")
    assert rows["workshops_held"]["achieved"] == 1
    assert rows["persons_informed"]["achieved"] == 1
    # The same figures as the dashboard limited to that grant and year.
    scope = make_scope(
        period_start=D(2026, 1, 1), period_end=D(2026, 12, 31), grant=home_world.grant
    )
    dashboard = indicators_for_scope(scope)["grant_targets"]
    assert [(r["key"], r["achieved"], r["rate"]) for r in progress.rows] == [
        (r["key"], r["achieved"], r["rate"]) for r in dashboard
    ]
    # The dashboard opens on the same grant and year.
    assert progress.dashboard_url == (
        f"{reverse('reporting:dashboard')}?year=2026&grant={home_world.grant.pk}"
    )
    dashboard_page = client_for(director).get(progress.dashboard_url)
    assert [(r["key"], r["achieved"]) for r in dashboard_page.context["ind"]["grant_targets"]] == [
        (r["key"], r["achieved"]) for r in progress.rows
    ]


def test_the_director_page_shows_targets_months_and_links(home_world, director, client_for):
    response = client_for(director).get("/")
    html = response.text

    assert response.status_code == 200
    targets = html[html.index('id="grant-targets"') : html.index('id="relocations-per-month"')]
    assert "FAMI-2026" in targets
    row = re.search(r'data-indicator="households_relocated">(.*?)</tr>', targets).group(1)
    assert "Households relocated" in row and ">4<" in row and "25.0 %" in row
    assert "key=relocated&amp;year=2026&amp;grant=" in row  # the households behind the figure
    assert reverse("reporting:dashboard") in html
    # Relocations per month, January to March: one in February, linked to its list.
    months = {row["month"]: row["households"] for row in response.context["months"]}
    assert months == {1: 0, 2: 1, 3: 0}
    february = response.context["months"][1]["url"]
    assert february.endswith("start=2026-02-01&end=2026-02-28")
    listing = client_for(director).get(february).context["page"]
    assert [household.pk for household in listing] == [home_world.e1.pk]
    assert "<svg" in html and "<table" in html[html.index('id="relocations-per-month"') :]


def test_the_director_sees_timesheets_to_countersign_but_not_their_own(
    home_world, site_a, director, client_for
):
    other_grant = _grant(director, site_a, "FAMI-DIR", targets={})
    own = _sheet(director, other_grant, D(2026, 2, 4))
    colleague = user_with_role(Role.SOCIAL_WORKER, site_a, username="ts.collegue")
    locked = _sheet(colleague, home_world.grant, D(2026, 1, 12))
    funding_services.timesheet_countersign(timesheet=locked, by=director)

    home = director_home(user=director)
    html = client_for(director).get("/").text

    assert home["timesheets"] == [home_world.sheet]
    assert home["timesheets_count"] == 1
    assert home["timesheets_url"] == f"{reverse('funding:timesheet_list')}?status=validated"
    section = html[html.index('id="timesheets-to-countersign"') : html.index('id="failed-reports"')]
    assert reverse("funding:timesheet_detail", args=[home_world.sheet.pk]) in section
    assert reverse("funding:timesheet_detail", args=[own.pk]) not in section


def test_the_director_sees_recent_failures_and_the_last_reports(
    home_world, director, coordinator, client_for
):
    failed_pack = _failed("control_pack", director, parameters={"grant": home_world.grant.pk})
    old = _failed("yearly_report", coordinator, parameters={"year": 2025})
    Report.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(60))
    _failed("indicators", coordinator)  # a direct export never waits for a decision
    done = Report.objects.create(
        kind="yearly_report", status=ReportStatus.DONE,
        parameters={"year": 2025, "grant": home_world.grant.pk}, requested_by=coordinator,
    )  # fmt: skip

    home = director_home(user=director)
    html = client_for(director).get("/").text

    assert home["failed"] == [failed_pack]
    assert home["failed"][0].grant_reference == "FAMI-2026"
    assert reverse("reporting:report_retry", args=[failed_pack.pk]) in html
    assert home["yearly_reports"] == [done, old]
    assert home["yearly_reports"][0].grant_reference == "FAMI-2026"
    assert home["control_packs"] == [failed_pack]
    # Each list links to its page from its own section (the navbar links them too).
    last_reports = html[html.index('id="last-reports"') : html.index('id="last-packs"')]
    last_packs = html[html.index('id="last-packs"') :]
    assert "FAMI-2026 · 2025" in last_reports
    assert reverse("reporting:reports") in last_reports
    assert reverse("reporting:control_packs") in last_packs[: last_packs.index("</section>")]


def test_without_any_grant_the_director_is_asked_to_record_one(site_a, director, client_for):
    html = client_for(director).get("/").text

    empty = html[html.index('id="no-grant"') :]
    assert reverse("funding:grant_create") in empty[: empty.index("</div>")]
    # The year's figures are still there.
    assert 'id="key-figures"' in html


def test_a_grant_of_another_year_is_not_taken_for_this_one(site_a, director, client_for):
    make_grant(by=director, sites=[site_a], starts_on=D(2024, 1, 1), ends_on=D(2024, 12, 31))

    response = client_for(director).get("/")

    assert response.context["grants"] == []
    assert response.context["any_grant"] is True
    assert reverse("funding:grant_list") in response.text


def _more_data(site, worker, coordinator, director, grants, sheet_grant):
    for number in range(grants):
        _grant(director, site, f"FAMI-MORE-{number}")
    workshop = gw.workshop(site, coordinator, D(2026, 1, 16))
    for day in range(3):
        _relocated(site, worker, D(2026, 3, 2 + day), workshop=workshop)
    for number in range(4):
        colleague = user_with_role(Role.SOCIAL_WORKER, site, username=f"ts.plus{number}")
        _sheet(colleague, sheet_grant, D(2026, 2, 5))
    for number in range(4):
        _failed("yearly_report", coordinator, parameters={"year": 2026})
        _failed("control_pack", director, parameters={"grant": 999_000 + number})


@pytest.mark.parametrize("grants", [0, GRANTS_SHOWN + 2])
def test_the_director_home_runs_a_bounded_number_of_queries(
    grants, home_world, site_a, social_worker, coordinator, director, client_for,
    django_assert_max_num_queries,
):  # fmt: skip
    _more_data(site_a, social_worker, coordinator, director, grants, home_world.grant)
    client = client_for(director)
    client.get("/")

    # 19 whatever the data: session, user, the verified second-factor device, memberships;
    # grants and their targets; sheets and their count; packs, failures, their grants'
    # references; months; headline (3); savepoint, session save, release. Then 16 a grant
    # shown, at most GRANTS_SHOWN: its sites, its eligible households, relocations,
    # workshops, trainings, targets.
    shown = min(1 + grants, GRANTS_SHOWN)
    with django_assert_max_num_queries(19 + 16 * shown):
        response = client.get("/")

    assert response.status_code == 200
    assert len(response.context["grants"]) == shown


def test_the_auditor_sees_grants_their_packs_and_what_they_may_see(
    home_world, site_a, auditor, director, client_for
):
    mine = Report.objects.create(
        kind="control_pack", parameters={"grant": home_world.grant.pk, "year": 2026},
        requested_by=auditor,
    )  # fmt: skip
    other_auditor = user_with_role(Role.AUDITOR, site_a, username="audit.autre")
    theirs = Report.objects.create(
        kind="control_pack", parameters={"grant": home_world.grant.pk}, requested_by=other_auditor
    )

    response = client_for(auditor).get("/")
    html = response.text

    assert response.context["control_packs"] == [mine]
    packs = html[html.index('id="auditor-packs"') :]
    assert "FAMI-2026" in packs
    assert f"report-{theirs.pk}" not in html
    grants = html[html.index('id="auditor-grants"') : html.index('id="auditor-packs"')]
    grant = home_world.grant
    for url in (
        reverse("funding:grant_detail", args=[grant.pk]),
        reverse("funding:grant_statement", args=[grant.pk]),
        reverse("funding:grant_beneficiaries", args=[grant.pk]),
        f"{reverse('reporting:control_packs')}?grant={grant.pk}",
    ):
        assert url in grants
    reach = html[html.index('id="auditor-reach"') : html.index('id="auditor-grants"')]
    assert "free text written about a person" in reach
    assert "read-only" in reach


def test_the_auditor_page_holds_no_write_link_nor_form(home_world, auditor, client_for):
    html = client_for(auditor).get("/").text

    for name in ("funding:grant_create", "funding:funder_create", "households:create"):
        assert reverse(name) not in html
    grant = home_world.grant
    for name in ("funding:grant_update", "funding:grant_indicator_set", "funding:grant_sign"):
        assert reverse(name, args=[grant.pk]) not in html
    # Only the layout's forms post: log out and change the language.
    forms = [tag for tag in re.findall(r"<form[^>]*>", html) if 'method="post"' in tag]
    actions = [re.search(r'action="([^"]+)"', tag).group(1) for tag in forms]
    assert sorted(actions) == sorted([reverse("accounts:logout"), reverse("set_language")])


def test_the_auditor_statement_matches_the_access_rules(home_world, auditor, client_for):
    """What the page says the auditor cannot open, they cannot open."""
    client = client_for(auditor)

    assert client.get(reverse("reporting:dashboard")).status_code == 403
    assert client.get(reverse("funding:staff_cost_list")).status_code == 200
    assert client.get(reverse("funding:expense_list")).status_code == 200
    assert client.get(reverse("funding:timesheet_list")).status_code == 200
    assert client.post(reverse("funding:grant_create"), {}).status_code == 403


def test_the_auditor_home_runs_a_fixed_number_of_queries(
    home_world, site_a, auditor, director, client_for, django_assert_num_queries
):
    Report.objects.create(
        kind="control_pack", parameters={"grant": home_world.grant.pk}, requested_by=auditor
    )
    client = client_for(auditor)
    client.get("/")
    with django_assert_num_queries(10):
        client.get("/")
    for number in range(5):
        grant = _grant(director, site_a, f"FAMI-AUDIT-{number}", targets={})
        Report.objects.create(
            kind="control_pack", parameters={"grant": grant.pk}, requested_by=auditor
        )

    # Session, user, the verified second-factor device, memberships, grants, packs, their
    # grants' references; savepoint,
    # session save, release.
    with django_assert_num_queries(10):
        response = client.get("/")
    assert len(response.context["grants"]) == 6
