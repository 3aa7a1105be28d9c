"""The calendar keeps seven equal columns whatever the workshops' titles."""

import datetime
import re

import time_machine
from django.contrib.staticfiles import finders

from .conftest import make_workshop

LONG_TOPIC = "Vivre-et-travailler-en-Auvergne-Rhône-Alpes-logement-emploi-formation " * 3


def test_calendar_columns_are_fixed_by_a_colgroup_and_long_titles_wrap(
    client_for, site_a, coordinator
):
    with time_machine.travel(datetime.datetime(2025, 3, 10, 10, tzinfo=datetime.UTC)):
        make_workshop(
            site=site_a, by=coordinator, date=datetime.date(2025, 3, 20), topic=LONG_TOPIC.strip()
        )
        body = client_for(coordinator).get("/workshops/calendar/").content.decode()

    table = body[body.index("<table") : body.index("</table>")]
    assert 'class="table table-bordered calendar workshop-calendar"' in table
    colgroup = re.search(r"<colgroup>(.*?)</colgroup>", table).group(1)
    assert colgroup.count('<col class="workshop-calendar-day">') == 7
    # The week rows all have seven cells under those seven columns.
    assert {row.count("<td") for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]} == {7}
    link = re.search(r'<a class="workshop-calendar-link"[^>]*>', table).group(0)
    assert f'title="{LONG_TOPIC.strip()} · {site_a}"' in link
    assert "text-truncate" not in table
    assert '<link rel="stylesheet" href="/static/css/workshops.css">' in body


def test_calendar_stylesheet_fixes_the_layout_and_breaks_long_words():
    with open(finders.find("css/workshops.css"), encoding="utf-8") as sheet:
        css = " ".join(sheet.read().split())

    assert css.startswith("/* Workshop calendar */")
    assert ".workshop-calendar { table-layout: fixed; width: 100%;" in css
    assert ".workshop-calendar col.workshop-calendar-day { width: calc(100% / 7); }" in css
    assert "overflow-wrap: anywhere;" in css
