"""The OpenAPI schema checked against the running app by schemathesis: for every operation, a
bounded number of generated requests (valid and not), sent with a social worker's token; no
answer is a 5xx and every documented answer matches the schema."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from tests.api.conftest import bearer, token_for

# Bounded so that the whole run stays under two minutes on a small machine.
EXAMPLES = 10
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


@pytest.fixture
def api_headers(paris, social_worker):
    return {"Authorization": bearer(token_for(social_worker))["HTTP_AUTHORIZATION"]}


@pytest.fixture
def api_schema(live_server, api_headers):
    return schemathesis.openapi.from_url(
        f"{live_server.url}/api/schema/?format=json", headers=api_headers
    )


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.mark.django_db(transaction=True)
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_keeps_to_its_schema(case, api_headers, settings_override_rate):
    case.call_and_validate(headers=api_headers, checks=CHECKS)


@pytest.fixture
def settings_override_rate(settings):
    # Thousands of generated calls in one test would reach the hourly limit.
    settings.API_RATE_PER_HOUR = 1_000_000
