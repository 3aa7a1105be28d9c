from tests.access import LOGIN, Rule, expect


def household(world):
    return {"pk": world.household.pk}


RULES = [
    # The households soon archived: coordinators, for their own sites.
    Rule(
        "privacy:soon_archived",
        get=expect(
            200,
            anonymous=LOGIN,
            social_worker=403,
            social_worker_other_site=403,
            director=403,
            auditor=403,
        ),
    ),
    # Erasure on request: a director's decision; the walk never posts as one.
    Rule(
        "privacy:erasure_request",
        get=expect(
            403,
            anonymous=LOGIN,
            social_worker_other_site=404,
            director=200,
            admin=200,
        ),
        post=expect(
            403,
            anonymous=LOGIN,
            social_worker_other_site=404,
            director=None,
            admin=None,
        ),
        kwargs=household,
    ),
]


def person(world):
    return {"pk": world.person.pk}


# The right of access: the site's social workers and coordinators, and directors; never
# auditors (the file holds every note). Another site's social worker does not see it exists.
_SUBJECT_ACCESS = expect(200, anonymous=LOGIN, social_worker_other_site=404, auditor=403)
RULES += [
    Rule("privacy:subject_access_json", get=_SUBJECT_ACCESS, kwargs=household),
    Rule("privacy:subject_access_pdf", get=_SUBJECT_ACCESS, kwargs=household),
    Rule("privacy:person_subject_access_json", get=_SUBJECT_ACCESS, kwargs=person),
    Rule("privacy:person_subject_access_pdf", get=_SUBJECT_ACCESS, kwargs=person),
]
