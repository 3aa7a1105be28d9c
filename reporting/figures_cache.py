"""An exact cache of the indicator families, on PostgreSQL.

A family of indicators (the relocations, the workshops, a grant's eligible households…) is
kept in the cache under a key naming the scope and the *version* of every table it reads. A
version changes whenever a committed transaction changes that table: the database itself
writes one reporting.FiguresChange row per transaction and table (the triggers of migration
reporting.0005), in that transaction. The versions are read in the same snapshot as the
figures (`figures_snapshot`: one REPEATABLE READ transaction), so a cached family is served
only while no change it could see has been committed since it was computed: every figure stays
exact, and a family whose tables nobody changed (last year's relocations while interviews are
being typed) is read in one round trip.

SOURCES names the tables of each family. The households, persons and users tables change all
day for reasons the figures ignore (a note, a status, a phone number): their triggers fire
only when one of the columns of WATCHED_COLUMNS changes. tests/reporting/test_figures_cache.py
runs every family and checks that it reads no other table and no other column of those three,
and that the triggers installed match SOURCES: a new dependency fails that test until a
migration watches it.

Off on SQLite (no triggers: the small installations compute every time), inside a transaction
that changed a watched table itself (its own changes are not yet anyone's version), and
outside figures_snapshot (read-only: a hit is exact whatever the isolation, but a result
computed over several READ COMMITTED statements is never stored).
"""

import contextlib
import contextvars
import hashlib
from collections.abc import Callable, Iterable
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import translation

# Transaction-local setting where the trigger notes the tables already recorded (migration
# 0005): one FiguresChange row per table and transaction.
TOUCHED_SETTING = "clefdefrance.figures_touched"
TIMEOUT = 24 * 3600

# The columns whose change matters to the figures, for the tables also changed for other
# reasons (any other table counts every change). Inserts and deletes always count.
WATCHED_COLUMNS = {
    "households_household": ("id", "site_id", "referral_date", "referring_partner_id"),
    "households_person": ("id", "household_id", "protection_status"),
    "accounts_user": ("id", "username", "first_name", "last_name"),
    "accounts_site": ("id",),
}

_MILESTONES = "reporting_householdmilestones"
_HOUSEHOLDS = "households_household"
_PERSONS = "households_person"
_REGISTRATIONS = "workshops_workshopregistration"
_TRAINEES = "workshops_traineeregistration"
_TRAININGS = "workshops_professionaltraining"

# Family -> the tables it reads (checked by the tests, see the module's docstring).
SOURCES: dict[str, tuple[str, ...]] = {
    "relocations": (
        "mobility_plans_relocation",
        "mobility_plans_relocation_persons",
        _HOUSEHOLDS,
        _PERSONS,
        "territories_departement",
        "territories_region",
    ),
    "workshops": ("workshops_workshop", _REGISTRATIONS, _PERSONS),
    "interviews": ("interviews_interview", _HOUSEHOLDS),
    "funnel": (_MILESTONES,),
    "reception_centres": ("partners_partner", _HOUSEHOLDS, _TRAINEES, _TRAININGS,
                          "workshops_trainee"),
    "trainings": (_TRAININGS, _TRAINEES, "workshops_trainee"),
    "duration": ("mobility_plans_relocation", _HOUSEHOLDS, _MILESTONES),
    "followups": ("followups_followup", _HOUSEHOLDS),
    "withdrawals": (_MILESTONES,),
    "caseload": (_MILESTONES, "accounts_user"),
    # A grant's eligible households (reporting.indicators.grant_households), whole…
    "grant": (
        "accounts_site",
        "funding_grant",
        "funding_grant_sites",
        "funding_eligibilityevidence",
        _HOUSEHOLDS,
        _PERSONS,
        _REGISTRATIONS,
        "workshops_workshop",
        "interviews_interview",
        "partners_referral",
        "mobility_plans_relocation",
        "followups_followup",
    ),
    # … and in parts: each kind of activity (funding.selectors.ACTIVITY_SOURCES, in its
    # order), then the rule over the households' first activities.
    "grant_activity_0": (_REGISTRATIONS, _PERSONS, _HOUSEHOLDS, "workshops_workshop"),
    "grant_activity_1": ("interviews_interview", _HOUSEHOLDS),
    "grant_activity_2": ("partners_referral", _HOUSEHOLDS),
    "grant_activity_3": ("mobility_plans_relocation", _HOUSEHOLDS),
    "grant_activity_4": ("followups_followup", _HOUSEHOLDS),
    "grant_eligible": ("funding_eligibilityevidence", _HOUSEHOLDS, _PERSONS),
}  # fmt: skip

# Every watched table, as installed by the migrations (the tests compare).
WATCHED_TABLES = frozenset(table for tables in SOURCES.values() for table in tables)

_versions: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "figures_snapshot", default=None
)


def code_version(root: Path) -> str:
    """A digest of the project's Python code under `root` (every package but the tests): a
    deployment that changes what a family holds never reads the rows an older one stored.

    The whole code rather than a list of the files the families use: a family calls helpers
    of several apps (dates, scopes, the grants' rules), and a list kept by hand would miss the
    one that changed. A deployment starts with a cold cache, which the warm-up fills.
    """
    digest = hashlib.sha256()
    for package in sorted(init.parent for init in root.glob("*/__init__.py")):
        if package.name == "tests":
            continue
        for path in sorted(package.rglob("*.py")):
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


CODE_VERSION = code_version(Path(__file__).resolve().parent.parent)


def enabled() -> bool:
    return connection.vendor == "postgresql"


def digest(value) -> str:
    """A short name for a large value in a cache key (the ids of a scope's households, the
    households' first activities, the versions): SHA-256 of its repr."""
    return hashlib.sha256(repr(value).encode()).hexdigest()


@contextlib.contextmanager
def figures_snapshot():
    """Read figures in one consistent snapshot (REPEATABLE READ, read-only), so that the
    families cached or stored inside match the versions read inside. Inside a transaction
    already open (a task, a test) the cache is only read, never written. Nests."""
    if _versions.get() is not None or not enabled():
        yield
        return
    if connection.in_atomic_block:
        token = _versions.set({"store": False})
        try:
            yield
        finally:
            _versions.reset(token)
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        token = _versions.set({"store": True})
        try:
            yield
        finally:
            _versions.reset(token)


def read_versions() -> dict[str, tuple[int, int]] | None:
    """{table: (number of changes, token of the last)} as this snapshot sees them, in one
    query; None when this transaction changed a watched table itself."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT 'change', source, count(*), (array_agg(token ORDER BY id DESC))[1]
              FROM reporting_figureschange GROUP BY source
            UNION ALL
            SELECT 'base', source, changes, token FROM reporting_figuresbase
            UNION ALL
            SELECT 'touched', coalesce(current_setting(%s, true), ''), 0, 0
            """,
            [TOUCHED_SETTING],
        )
        rows = cursor.fetchall()
    versions: dict[str, tuple[int, int]] = {}
    changes: dict[str, tuple[int, int]] = {}
    for kind, source, count, last in rows:
        if kind == "touched":
            if source:
                return None
        elif kind == "base":
            versions[source] = (count, last)
        else:
            changes[source] = (count, last)
    for source, (count, last) in changes.items():
        base_count, _base_last = versions.get(source, (0, 0))
        versions[source] = (base_count + count, last)
    return versions


def _state() -> dict | None:
    """The snapshot's state with its versions read (once), or None outside figures_snapshot."""
    state = _versions.get()
    if state is not None and "versions" not in state:
        state["versions"] = read_versions()
    return state


def _key(family: str, scope_key: Iterable, versions: dict, sources: Iterable[str]) -> str:
    parts = [
        CODE_VERSION,
        settings.DATABASES["default"]["NAME"],
        translation.get_language() or "",
        family,
        repr(tuple(scope_key)),
        *(f"{table}={versions.get(table, (0, 0))}" for table in sorted(set(sources))),
    ]
    return "figures:" + hashlib.sha256("|".join(parts).encode()).hexdigest()


def cached_families(scope_key: Iterable, families: dict[str, Callable[[], object]]) -> dict:
    """{family: its result} for the families asked (name -> a function computing it), each
    read from the cache when none of the tables it reads (SOURCES) changed since it was
    stored, else computed (and stored, inside figures_snapshot). `scope_key` names what the
    computation depends on besides those tables. One cache round trip for all of them."""
    state = _state()
    if state is None or state["versions"] is None:
        return {name: compute() for name, compute in families.items()}
    versions = state["versions"]
    scope_key = tuple(scope_key)
    keys = {name: _key(name, scope_key, versions, SOURCES[name]) for name in families}
    found = cache.get_many(list(keys.values()))
    result, fresh = {}, {}
    for name, compute in families.items():
        key = keys[name]
        if key in found:
            result[name] = found[key]
        else:
            result[name] = fresh[key] = compute()
    if fresh and state["store"]:
        cache.set_many(fresh, timeout=TIMEOUT)
    return result


def changes_fold() -> int:
    """Fold the change rows committed so far into one FiguresBase row per table (hourly,
    reporting.tasks): the versions stay the same, their query stays small. Returns the number
    of rows folded."""
    if not enabled():
        return 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            """
            WITH gone AS (
                DELETE FROM reporting_figureschange RETURNING source, id, token
            ), folded AS (
                SELECT source, count(*) AS n, (array_agg(token ORDER BY id DESC))[1] AS last
                  FROM gone GROUP BY source
            )
            , written AS (
                INSERT INTO reporting_figuresbase (source, changes, token)
                SELECT source, n, last FROM folded
                ON CONFLICT (source) DO UPDATE
                   SET changes = reporting_figuresbase.changes + EXCLUDED.changes,
                       token = EXCLUDED.token
            )
            SELECT count(*) FROM gone
            """
        )
        return cursor.fetchone()[0]
