"""The dashboard, its charts and the lists behind its figures, scoped to the user's sites."""

import datetime
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reporting.charts import Bar, bar_chart
from reporting.indicators import compute_indicators
from reporting.presentation import present
from tests.factories import make_household, make_person

pytestmark = pytest.mark.django_db


def drilldown(client, **params):
    return client.get(reverse("reporting:drilldown"), {"year": "2025", **params})


def test_dashboard_shows_the_key_figures_of_the_year(programme, director, client_for):
    response = client_for(director).get(reverse("reporting:dashboard"), {"year": "2025"})
    assert response.status_code == 200
    ind = response.context["ind"]
    assert ind["relocations"]["households"] == 3
    html = response.content.decode()
    assert "<svg" in html and 'role="img"' in html and '<details class="chart-details">' in html
    assert "Households relocated" in html


def test_dashboard_defaults_to_the_current_year(programme, director, client_for):
    response = client_for(director).get(reverse("reporting:dashboard"))
    assert response.context["scope"].start == datetime.date(2026, 1, 1)


def test_a_coordinator_sees_only_the_figures_of_their_sites(programme, coordinator, client_for):
    response = client_for(coordinator).get(reverse("reporting:dashboard"), {"year": "2025"})
    # H6 (site B) is left out.
    assert response.context["ind"]["relocations"]["households"] == 2


def test_every_figure_links_to_its_list(programme, director, client_for):
    client = client_for(director)
    html = client.get(reverse("reporting:dashboard"), {"year": "2025"}).content.decode()
    links = {unescape(href) for href in re.findall(r'href="(/reporting/list/\?[^"]+)"', html)}
    assert len(links) > 20
    for link in links:
        assert client.get(link).status_code == 200, link


def test_a_figure_and_its_list_agree(programme, director, client_for):
    client = client_for(director)
    listed = drilldown(client, key="relocated").context["page"].paginator.count
    assert listed == 3
    by_lever = drilldown(client, key="relocated", lever="housing").context["page"]
    assert [h.reference for h in by_lever] == [programme.h2.reference]
    by_year = drilldown(client, key="relocated", year_moved="2019").context["page"]
    assert [h.reference for h in by_year] == [programme.h5.reference]
    stepped = drilldown(client, key="funnel", step="plan_signed", mode="cohort").context["page"]
    assert {h.reference for h in stepped} == {programme.h2.reference, programme.h6.reference}
    withdrawn = drilldown(client, key="withdrawals", reason="not_willing").context["page"]
    assert [h.reference for h in withdrawn] == [programme.h4.reference]
    followed = drilldown(client, key="followups", months="3", outcome="returned_idf")
    assert [h.reference for h in followed.context["page"]] == [programme.h2.reference]
    centres = drilldown(client, key="reception_centres").context["page"]
    assert {p.name for p in centres} == {"CADA X", "CADA Y", "CADA Z"}
    trainees = drilldown(client, key="professionals").context["page"]
    assert {t.name for t in trainees} == {"Paul", "Pauline"}
    workshops = drilldown(client, key="workshops").context["page"]
    assert len(workshops) == 3


def test_a_site_a_coordinator_never_lists_a_site_b_household(
    programme, coordinator, site_b, client_for
):
    client = client_for(coordinator)
    listed = drilldown(client, key="relocated").context["page"]
    assert programme.h6.reference not in {h.reference for h in listed}
    assert drilldown(client, key="funnel", step="relocated").context["page"].paginator.count == 2
    # Asking for site B is refused rather than answered.
    assert drilldown(client, key="relocated", sites=site_b.pk).status_code == 404
    workshops = drilldown(client, key="workshops").context["page"]
    assert all(w.site_id != site_b.pk for w in workshops)


def test_unknown_keys_and_values_are_not_found(programme, director, client_for):
    client = client_for(director)
    assert drilldown(client, key="nope").status_code == 404
    assert drilldown(client, key="relocated", lever="magic").status_code == 404


def test_dashboard_is_for_directors_and_coordinators_only(
    social_worker, auditor, coordinator, client_for
):
    assert client_for(social_worker).get(reverse("reporting:dashboard")).status_code == 403
    assert client_for(auditor).get(reverse("reporting:dashboard")).status_code == 403
    assert client_for(coordinator).get(reverse("reporting:dashboard")).status_code == 200


def _count_queries(client, url, params) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("reporting:dashboard", {"year": "2025"}),
        ("reporting:drilldown", {"year": "2025", "key": "funnel", "step": "referred"}),
    ],
)
def test_dashboard_and_lists_run_the_same_queries_for_5_and_50_households(
    site_a, social_worker, director, client_for, url, params
):
    def add(n):
        for _ in range(n):
            household = make_household(
                site=site_a, by=social_worker, referral_date=datetime.date(2025, 3, 1)
            )
            make_person(household=household, by=social_worker)

    client = client_for(director)
    add(5)
    small = _count_queries(client, reverse(url), params)
    add(45)
    assert _count_queries(client, reverse(url), params) == small


def test_charts_carry_labels_values_and_a_table_alternative():
    html = bar_chart(
        title="Par levier",
        bars=[Bar("Emploi", 12, "/x?lever=employment"), Bar("Logement <b>", 3)],
    )
    assert "Emploi" in html and ">12<" in html
    assert "Logement &lt;b&gt;" in html  # labels are escaped
    assert '<details class="chart-details">' in html  # the table alternative, one click away
    assert '<a href="/x?lever=employment">Emploi</a>' in html
    chart_id = re.search(r'<figure class="cdf-chart" id="([^"]+)"', html).group(1)
    # The SVG is an image named by the caption and described by the table.
    assert f'role="img" aria-labelledby="{chart_id}-title"' in html
    assert f'aria-describedby="{chart_id}-table"' in html
    assert f'id="{chart_id}-title">Par levier</figcaption>' in html
    assert f'<table class="table table-sm chart-table" id="{chart_id}-table">' in html


LONG_LABEL = "Solution trouvée en Île-de-France par le ménage lui-même, sans aide du programme"


def test_a_long_chart_label_is_wrapped_never_cut_and_whole_in_its_title_and_table():
    html = bar_chart(title="Sorties", bars=[Bar(LONG_LABEL, 4), Bar("Autre", 1)])

    assert f"<title>{LONG_LABEL}: 4</title>" in html  # the full label on hover
    assert f'<th scope="row">{LONG_LABEL}</th>' in html  # and in the table
    lines = re.findall(r'<tspan x="\d+" y="[\d.]+">([^<]*)</tspan>', html)
    # Wrapped on whole words: every line is a part of the label, together the whole of it.
    assert len(lines) > 2 and " ".join(lines[:-1]) == LONG_LABEL and lines[-1] == "Autre"
    assert all(len(line) <= 40 for line in lines)


def test_a_label_too_long_for_three_lines_ends_with_an_ellipsis_and_stays_whole_in_the_table():
    label = " ".join([LONG_LABEL] * 3)
    html = bar_chart(title="Sorties", bars=[Bar(label, 4)])

    lines = re.findall(r'<tspan x="\d+" y="[\d.]+">([^<]*)</tspan>', html)
    assert len(lines) == 3 and lines[-1].endswith("…")
    assert f"<title>{label}: 4</title>" in html and f'<th scope="row">{label}</th>' in html


def test_in_the_pdf_a_chart_is_described_by_the_table_of_its_section():
    shown = present(
        compute_indicators(
            period_start=datetime.date(2025, 1, 1), period_end=datetime.date(2025, 12, 31)
        ),
        pdf=True,
        prefix="cumul-",
    )
    assert 'aria-describedby="cumul-table-by_lever"' in shown["charts"]["by_lever"]
    assert "<table" not in shown["charts"]["by_lever"]  # not printed twice
    assert "<details" not in shown["charts"]["by_year"]  # no table elsewhere: printed under it
    assert 'class="table table-sm chart-table"' in shown["charts"]["by_year"]
