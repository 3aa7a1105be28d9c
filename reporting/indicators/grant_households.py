"""A grant's eligible households for its scope (make_scope(grant=…)), through the figures' cache.

The whole set is cached under every table the rule reads (the "grant" family of
reporting.figures_cache.SOURCES). When one of them changed, the set is put together again from
parts cached on their own: each kind of activity grouped by household (funding.beneficiaries.
activity_firsts: "grant_activity_0"…), then the rule over the households' first activities
("grant_eligible", keyed by a digest of them). A saved interview thus computes the interviews'
part again and reads the rest, instead of every activity, member and piece of evidence of the
grant's households; each part is exact for the versions of its own tables.
"""

import datetime
from functools import partial

from funding.beneficiaries import activity_firsts, eligible_among, firsts_merged
from funding.models import Grant
from funding.selectors import ACTIVITY_SOURCES

from ..figures_cache import cached_families, digest

PARTS = tuple(f"grant_activity_{index}" for index in range(len(ACTIVITY_SOURCES)))


def grant_eligible_ids(
    grant: Grant,
    start: datetime.date,
    end: datetime.date,
    covered: tuple[int, ...],
    sites: tuple[int, ...],
) -> tuple[int, ...]:
    """The grant's eligible households with an activity between `start` and `end` (within the
    grant's period), at `sites` (among the grant's sites, `covered`), in increasing order."""
    # Everything the computation reads from the grant object as well as its tables.
    rules = (grant.pk, grant.starts_on, grant.ends_on, tuple(grant.eligible_statuses))

    def from_parts() -> tuple[int, ...]:
        groups = cached_families(
            (*rules, start, end, covered),
            {
                name: partial(activity_firsts, grant, index, start, end, site_ids=covered)
                for index, name in enumerate(PARTS)
            },
        )
        firsts = firsts_merged(groups[name] for name in PARTS)
        return cached_families(
            (*rules, sites, digest(sorted(firsts.items()))),
            {"grant_eligible": partial(eligible_among, grant, firsts, site_ids=sites)},
        )["grant_eligible"]

    return cached_families((*rules, start, end, sites), {"grant": from_parts})["grant"]
