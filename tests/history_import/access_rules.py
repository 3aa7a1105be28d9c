"""Access rules of the import pages (see tests/access.py for the vocabulary).

Coordinators import for the sites they coordinate, administrators for any; social workers,
directors and auditors get 403, and a run of another site is 404 to a coordinator of it.
The world's run is of site_a and stays "being checked": its task waits for a commit that a
test's transaction never makes.
"""

from django.core.files.uploadedfile import SimpleUploadedFile

from history_import import services
from tests.access import COORDINATORS_ONLY, LOGIN, REFUSE_NON_COORDINATORS, Rule, expect
from tests.history_import.helpers import csv_bytes, person_row

# A run of site_a: to the other site's social worker, no importer at all, 403 before any 404.
RUN_OF_SITE_A = COORDINATORS_ONLY
POST_ONLY = expect(405, anonymous=LOGIN)


def run(world):
    return {"pk": world.import_run.pk}


def build(world):
    data = csv_bytes(
        [person_row("2019-001", "Haddad", "Amina", referral_date="04/02/2019", relation="head")]
    )
    world.import_run = services.import_upload(
        site=world.site_a,
        by=world.users["coordinator"],
        upload=SimpleUploadedFile("archive.csv", data, content_type="text/csv"),
    )


RULES = [
    Rule("history_import:list", get=COORDINATORS_ONLY, post=REFUSE_NON_COORDINATORS),
    Rule("history_import:template", get=COORDINATORS_ONLY),
    Rule("history_import:detail", get=RUN_OF_SITE_A, kwargs=run),
    Rule("history_import:progress", get=RUN_OF_SITE_A, kwargs=run),
    Rule("history_import:mapping", get=RUN_OF_SITE_A, post=REFUSE_NON_COORDINATORS, kwargs=run),
    Rule("history_import:confirm", get=POST_ONLY, post=REFUSE_NON_COORDINATORS, kwargs=run),
    Rule("history_import:discard", get=POST_ONLY, post=REFUSE_NON_COORDINATORS, kwargs=run),
]
