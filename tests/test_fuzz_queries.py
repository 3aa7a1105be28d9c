"""No query string, however hostile, gives a 500 on a page that reads one.

Every GET URL of the URL×role matrix (tests/test_url_access.py) is opened, as a role that may
read it, with query strings built from the parameter names of the project's filters and
query forms and from hostile values: ids beyond the database's bigint, signs, '²' and '٣',
impossible dates, years 1 and 9999, NUL and control characters, long and repeated values.
FUZZ_EXAMPLES sets how many query strings hypothesis tries (small by default for `make test`).
"""

import os

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from funding.filters import ExpenseFilter
from funding.time_forms import TimesheetFilter
from households.filters import HouseholdFilter
from partners.filters import PartnerFilter
from reporting.forms import ListExportForm
from reporting.views import DRILLDOWN_KEYS
from tests.test_url_access import RULES
from workshops.filters import TrainingFilter, WorkshopFilter

FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "100"))

# Read straight from request.GET by some view, outside any form.
OTHER_NAMES = ["page", "key", "month", "from_worker", "offer", "partner", "kind", "scope", "q"]
NAMES = sorted(
    {
        *(
            name
            for filterset in (
                HouseholdFilter,
                PartnerFilter,
                WorkshopFilter,
                TrainingFilter,
                ExpenseFilter,
                TimesheetFilter,
            )
            for name in filterset.base_filters
        ),
        *ListExportForm.base_fields,
        *DRILLDOWN_KEYS,
        *OTHER_NAMES,
    }
)

HOSTILE = [
    "99999999999999999999999",
    "99999999999999999999",
    "9223372036854775808",
    "-1",
    "0",
    "²",
    "٣",
    "２０２５",
    "2023-02-30",
    "0001-01-01",
    "9999-12-31",
    "0001",
    "9999",
    "2023-13",
    "a\x00b",
    "\x01\x1f",
    "x" * 5000,
    "9" * 5000,
    "none",
]
VALUES = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=30), st.integers().map(str))


def _readable_urls():
    """(url name, role) for every GET URL that some reader role opens with a 200."""
    for name, rule in sorted(RULES.items()):
        if rule.get is None:
            continue
        for role in ("director", "coordinator", "social_worker", "auditor", "admin"):
            if rule.get[role] == 200:
                yield name, role
                break


READABLE = list(_readable_urls())


def _get(client, world, name, role, query):
    client.force_login(world.users[role])
    rule = RULES[name]
    url = reverse(name, kwargs=rule.kwargs(world))
    # The test client raises a view's exception: a 500 fails here with its traceback.
    return client.get(url, query)


@pytest.mark.django_db
@settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    target=st.sampled_from(READABLE),
    query=st.lists(st.tuples(st.sampled_from(NAMES), VALUES), min_size=1, max_size=6),
)
def test_no_query_string_gives_a_500(client, built_world, target, query):
    name, role = target
    response = _get(client, built_world, name, role, query)
    assert response.status_code < 500, (name, query)


REPORTED = [
    ("reporting:dashboard", {"sites": "99999999999999999999999"}),
    ("reporting:drilldown", {"key": "relocated", "year_moved": "99999999999999999999"}),
    ("reporting:drilldown", {"key": "relocated", "year_moved": "0"}),
    ("reporting:drilldown", {"key": "relocated", "year_moved": "²"}),
    ("reporting:drilldown", {"key": "caseload", "social_worker": "99999999999999999999"}),
    ("reporting:drilldown", {"key": "caseload", "social_worker": "²"}),
    ("reporting:drilldown", {"key": "relocated", "region": "1\x00"}),
    ("followups:transfer", {"from_worker": "²"}),
    ("followups:transfer", {"from_worker": "99999999999999999999"}),
    ("reporting:dashboard", {"start": "2023-02-30", "end": "2023-03-01"}),
    ("reporting:dashboard", {"start": "0001-01-01", "end": "9999-12-31"}),
    ("reporting:dashboard", {"year": "²"}),
    ("reporting:dashboard", {"grant": "99999999999999999999999"}),
    ("households:list", {"site": "99999999999999999999999", "social_worker": "٣"}),
    ("households:list", {"departement": "7\x005"}),
    ("workshops:list", {"date_from": "0001-01-01", "date_to": "9999-12-31"}),
    ("funding:expense_list", {"grant": "-1", "date_from": "2023-02-30"}),
]


@pytest.mark.django_db
def test_reported_query_strings_give_no_500(client, built_world):
    # One world for every case: building it takes seconds, each request milliseconds.
    failures = []
    for name, query in REPORTED:
        role = "director" if RULES[name].get["director"] == 200 else dict(READABLE)[name]
        status = _get(client, built_world, name, role, query).status_code
        if status >= 500:
            failures.append(f"{name} {query!r}: {status}")
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_repeated_parameters_give_no_500(client, built_world):
    query = [("sites", str(built_world.site_a.pk)), ("sites", "²"), ("year", "2025"), ("year", "0")]
    assert _get(client, built_world, "reporting:dashboard", "director", query).status_code == 200


@pytest.mark.django_db
def test_an_out_of_range_site_is_a_form_error_on_the_dashboard(client, built_world):
    response = _get(client, built_world, "reporting:dashboard", "director", {"sites": "9" * 23})
    assert response.status_code == 200
    assert "sites" in response.context["form"].errors
    assert "ind" not in response.context


@pytest.mark.django_db
def test_a_period_out_of_the_programme_years_is_a_form_error(client, built_world):
    response = _get(
        client,
        built_world,
        "reporting:dashboard",
        "director",
        {"start": "0001-01-01", "end": "9999-12-31"},
    )
    form = response.context["form"]
    assert set(form.errors) == {"start", "end"}


@pytest.mark.django_db
def test_too_many_repeated_parameters_give_the_400_page_in_the_layout(client, built_world):
    query = [("sites", "1")] * 1500  # past DATA_UPLOAD_MAX_NUMBER_FIELDS
    response = _get(client, built_world, "reporting:dashboard", "director", query)
    assert response.status_code == 400
    assert "400.html" in [template.name for template in response.templates]
    assert "base.html" in [template.name for template in response.templates]
