"""The dashboards people open, computed again in the background after the data changes.

The figures' cache (figures_cache) serves a family only while its tables are unchanged, so
after an interview is saved the next dashboard computes the families reading interviews.
Every minute, a task of the reports queue (reporting.tasks.warm_figures_task) does it first
for the scopes opened lately (the dashboard notes each one, at most RECENT of them, and those
of this year and since the programme began always): when a director opens the page, its
families are already computed. Nothing is done while no watched table changed; the families
of a scope whose tables did not change are cache hits, so only what changed is computed.
Every figure is still exact: a family changed after the warm-up is computed on request.
"""

import datetime

from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from core.dates import today
from funding.models import Grant

from .figures_cache import CODE_VERSION, digest, enabled, figures_snapshot, read_versions
from .indicators import Scope, indicators_for_scope, make_scope

RECENT_KEY = "figures:opened"
WARMED_KEY = "figures:warmed"
# Held while a warm-up runs: one taking longer than beat's minute (every scope cold after a
# deployment) is not joined by a second one computing the same families on another worker.
# It expires on its own should the worker die holding it.
RUNNING_KEY = "figures:warming"
RUNNING_TIMEOUT = 15 * 60
RECENT = 20
# A scope nobody opened for this long is no longer computed ahead.
FORGET_AFTER = datetime.timedelta(days=14)


def _args(scope: Scope, language: str) -> tuple:
    return (
        scope.start.isoformat() if scope.start else None,
        scope.end.isoformat(),
        list(scope.site_ids) if scope.site_ids is not None else None,
        scope.cumulative,
        scope.grant_id,
        language,
    )


def scope_opened(scope: Scope) -> None:
    """Note that a dashboard showed `scope` in the active language (the cache keys a family
    by language too); the RECENT latest are kept."""
    if not enabled():
        return
    now = datetime.datetime.now(datetime.UTC).timestamp()
    opened = dict(cache.get(RECENT_KEY) or {})  # oldest first
    args = _args(scope, translation.get_language() or settings.LANGUAGE_CODE)
    key = repr(args)
    opened.pop(key, None)
    opened[key] = (args, now)
    latest = list(opened.items())[-RECENT:]
    cache.set(RECENT_KEY, dict(latest), timeout=int(FORGET_AFTER.total_seconds()))


def _standard() -> list[tuple]:
    year = today().year
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    language = settings.LANGUAGE_CODE
    return [
        (start.isoformat(), end.isoformat(), None, False, None, language),
        (None, end.isoformat(), None, True, None, language),
    ]


def _scopes() -> list[tuple]:
    forget = datetime.datetime.now(datetime.UTC).timestamp() - FORGET_AFTER.total_seconds()
    opened = [args for args, when in (cache.get(RECENT_KEY) or {}).values() if when >= forget]
    unique = {repr(args): args for args in [*_standard(), *opened]}
    return list(unique.values())


def figures_warm() -> int:
    """Compute the families of the scopes opened lately whose tables changed since the last
    run; returns the number of scopes looked at (0 when nothing changed)."""
    if not enabled():
        return 0
    with figures_snapshot():
        versions = read_versions()
    if versions is None:
        return 0
    # The code's version too: a deployment changes the cache keys, its first run computes all.
    warmed = digest((CODE_VERSION, sorted(versions.items())))
    if cache.get(WARMED_KEY) == warmed:
        return 0
    if not cache.add(RUNNING_KEY, warmed, timeout=RUNNING_TIMEOUT):
        return 0  # another warm-up runs; the next minute's sees what it left
    try:
        done = _warm(_scopes())
    finally:
        cache.delete(RUNNING_KEY)
    cache.set(WARMED_KEY, warmed, timeout=None)
    return done


def _warm(scopes: list[tuple]) -> int:
    grants = Grant.objects.in_bulk([args[4] for args in scopes if args[4] is not None])
    done = 0
    for start, end, site_ids, cumulative, grant_id, language in scopes:
        if grant_id is not None and grant_id not in grants:
            continue  # a grant deleted since
        with translation.override(language), figures_snapshot():
            try:
                scope = make_scope(
                    period_start=datetime.date.fromisoformat(start) if start else None,
                    period_end=datetime.date.fromisoformat(end),
                    site_ids=site_ids,
                    cumulative=cumulative,
                    grant=grants.get(grant_id),
                )
            except ValueError:
                continue  # a grant whose period moved away from the one noted
            indicators_for_scope(scope)
        done += 1
    return done
