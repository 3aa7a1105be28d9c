"""Vocabulary of the URL-by-role test: every app lists its URLs in tests/<app>/access_rules.py.

A rule names a URL, how to build its arguments from the test world, and the status each role
must get for GET (and for POST where the URL writes). Roles left out take the rule's default.
"""

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field

ROLES = (
    "anonymous",
    "social_worker",
    "social_worker_other_site",
    "coordinator",
    "director",
    "auditor",
    "admin",
)

LOGIN = 302  # anonymous visitors are sent to the login page


def expect(default: int | None, **per_role: int | None) -> dict[str, int | None]:
    unknown = set(per_role) - set(ROLES)
    if unknown:
        raise ValueError(f"Unknown roles {unknown}")
    return {role: per_role.get(role, default) for role in ROLES}


# Common shapes
READ_ALL = expect(200, anonymous=LOGIN)
READ_OBJECT_OF_SITE_A = expect(200, anonymous=LOGIN, social_worker_other_site=404)
WRITE_OBJECT_OF_SITE_A = expect(
    200, anonymous=LOGIN, social_worker_other_site=404, director=403, auditor=403
)
COORDINATE_OBJECT_OF_SITE_A = expect(
    200,
    anonymous=LOGIN,
    social_worker=403,
    social_worker_other_site=404,
    director=403,
    auditor=403,
)
# Pages for coordinators (of any site) and administrators only: imports, site overviews.
COORDINATORS_ONLY = expect(
    403, anonymous=LOGIN, coordinator=200, admin=200, social_worker_other_site=403
)
# POST: only the refusals are checked, so that a walk never changes data it should not.
REFUSE_WRITE_OF_SITE_A = expect(
    None, anonymous=LOGIN, social_worker_other_site=404, director=403, auditor=403
)
REFUSE_COORDINATION_OF_SITE_A = expect(
    None,
    anonymous=LOGIN,
    social_worker=403,
    social_worker_other_site=404,
    director=403,
    auditor=403,
)


REFUSE_NON_COORDINATORS = expect(
    None,
    anonymous=LOGIN,
    social_worker=403,
    social_worker_other_site=403,
    director=403,
    auditor=403,
)


@dataclass
class Rule:
    name: str
    get: dict[str, int | None]
    post: dict[str, int | None] | None = None
    kwargs: Callable = field(default=lambda world: {})


def rule_modules():
    """Every tests/<app>/access_rules.py, imported."""
    import tests

    for info in pkgutil.iter_modules(tests.__path__):
        if info.ispkg:
            try:
                yield importlib.import_module(f"tests.{info.name}.access_rules")
            except ModuleNotFoundError as error:
                if error.name != f"tests.{info.name}.access_rules":
                    raise
