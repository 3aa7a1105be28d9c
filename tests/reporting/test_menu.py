"""The menu offers the dashboard and the exports to exactly those whom the views let in."""

import pytest
from django.urls import reverse


@pytest.mark.parametrize(
    ("role", "dashboard", "exports"),
    [
        ("social_worker", False, False),
        ("coordinator", True, True),
        ("director", True, True),
        ("auditor", False, True),
    ],
)
def test_menu_links_follow_the_reporting_rule(client_for, world, role, dashboard, exports):
    client = client_for(world.users[role])
    page = client.get(reverse("households:list")).content.decode()
    assert (f'href="{reverse("reporting:dashboard")}"' in page) is dashboard
    assert (f'href="{reverse("reporting:exports")}"' in page) is exports
    # The pages agree with the menu.
    assert (client.get(reverse("reporting:dashboard")).status_code == 200) is dashboard
    assert (client.get(reverse("reporting:exports")).status_code == 200) is exports
