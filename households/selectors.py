"""Reads of households and persons, always starting from what the user may see."""

import unicodedata

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from accounts.access import user_access
from accounts.models import Membership, Site
from accounts.roles import Role
from core.history import history_rows
from core.text import normalise

from .models import Consent, Household, Person, Relation, Status
from .transitions import FUNNEL


def household_list(*, user) -> QuerySet[Household]:
    """Households the user may see, with what a list row shows, in a fixed number of queries."""
    return (
        Household.objects.visible_to(user)
        .select_related("site", "social_worker", "departement")
        .prefetch_related(
            Prefetch(
                "members",
                queryset=Person.objects.filter(relation=Relation.HEAD),
                to_attr="heads",
            )
        )
    )


# Nobody types more to find a household; a longer query would only lengthen the SQL.
SEARCH_MAX_LENGTH = 100


def household_search(queryset: QuerySet[Household], query: str) -> QuerySet[Household]:
    """Filter by reference or member name, ignoring accents, case and extra spaces: each word
    must appear somewhere in the household's search text (normalised the same way).

    On PostgreSQL a trigram index (migration 0008) serves each `LIKE '%word%'` of three
    characters or more; Django escapes %, _ and \\ in the word, so they match themselves.
    """
    for word in search_words(query):
        queryset = queryset.filter(search_text__contains=word)
    return queryset


def search_words(query: str) -> list[str]:
    """The words of `query` as `Household.search_text` holds them, longest first, without
    those another word contains ("mar martin" needs only "martin")."""
    # A NUL byte would make PostgreSQL refuse the query: control characters separate words.
    printable = "".join(" " if unicodedata.category(c) == "Cc" else c for c in query or "")
    words = sorted(
        set(normalise(printable)[:SEARCH_MAX_LENGTH].split()), key=lambda w: (-len(w), w)
    )
    kept: list[str] = []
    for word in words:
        if not any(word in longer for longer in kept):
            kept.append(word)
    return kept


def household_get_for_user(*, user, pk: int) -> Household:
    """The household, or 404 when it does not exist or lies outside the user's sites."""
    return get_object_or_404(
        Household.objects.visible_to(user).select_related(
            "site", "social_worker", "referring_partner", "departement"
        ),
        pk=pk,
    )


def sites_to_move_to(*, user, household: Household) -> QuerySet[Site]:
    """The active sites, other than its own, the user may move the household to: those they
    coordinate (every one for administrators), by name."""
    sites = Site.objects.filter(is_active=True).exclude(pk=household.site_id)
    coordinated = user_access(user).coordinated_site_ids()
    return sites if coordinated is None else sites.filter(pk__in=coordinated)


def household_can_move_site(*, user, household: Household) -> bool:
    """Whether the household page offers to move it to another site (no query: memberships
    are read once per request)."""
    access = user_access(user)
    if not household.is_active or not access.coordinates_site(household.site_id):
        return False
    coordinated = access.coordinated_site_ids()
    return coordinated is None or bool(coordinated - {household.site_id})


def person_get_for_user(*, user, pk: int) -> Person:
    """The person, or 404 when their household lies outside the user's sites."""
    return get_object_or_404(
        Person.objects.filter(household__in=Household.objects.visible_to(user)).select_related(
            "household", "household__site"
        ),
        pk=pk,
    )


def consent_get_for_user(*, user, pk: int) -> Consent:
    return get_object_or_404(
        Consent.objects.filter(household__in=Household.objects.visible_to(user)).select_related(
            "household"
        ),
        pk=pk,
    )


def person_possible_duplicates(
    *, first_name: str, last_name: str, birth_date, exclude_pk: int | None = None
) -> QuerySet[Person]:
    """Persons already registered, in any site, with the same normalised name and birth date.

    Callers show a link only to the matches the user may open.
    """
    matches = Person.objects.filter(
        normalized_name=normalise(f"{first_name} {last_name}"), birth_date=birth_date
    ).select_related("household", "household__site")
    if exclude_pk:
        matches = matches.exclude(pk=exclude_pk)
    return matches


def person_duplicate_warnings(
    *, user, first_name: str, last_name: str, birth_date, exclude_pk: int | None = None
) -> list[dict]:
    """What the user is told of possible duplicates, in three queries whatever their number.

    A match in a household the user may open: {"person": …} (linked). Matches elsewhere: one
    {"site": …, "coordinators": [names]} per other site, so that the user knows whom to ask;
    never the other file's reference, names as spelt there, or anything else it holds.
    """
    matches = list(
        person_possible_duplicates(
            first_name=first_name,
            last_name=last_name,
            birth_date=birth_date,
            exclude_pk=exclude_pk,
        )
    )
    visible = set(
        household_list(user=user)
        .filter(pk__in=[m.household_id for m in matches])
        .values_list("pk", flat=True)
    )
    warnings = [{"person": m} for m in matches if m.household_id in visible]
    hidden = [m for m in matches if m.household_id not in visible]
    sites = {m.household.site_id: m.household.site for m in hidden}
    hidden_sites = set(sites)
    coordinators: dict[int, list[str]] = {sid: [] for sid in hidden_sites}
    for membership in (
        Membership.objects.filter(
            site_id__in=hidden_sites, role=Role.COORDINATOR, user__is_active=True
        )
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__username")
    ):
        person = membership.user
        coordinators[membership.site_id].append(person.get_full_name() or person.username)
    warnings += [
        {"site": sites[sid], "coordinators": coordinators[sid]}
        for sid in sorted(hidden_sites, key=lambda sid: sites[sid].name)
    ]
    return warnings


def household_milestones(*, household: Household) -> list[dict]:
    """Each funnel step with the date the household reached it (None when not yet)."""
    reached: dict[str, object] = {}
    for change in household.status_changes.all():
        reached.setdefault(change.to_status, change.occurred_on)
    return [
        {"status": step, "label": Status(step).label, "on": reached.get(step)} for step in FUNNEL
    ]


def household_history(
    *, household: Household, include_notes: bool = True, limit: int = 50
) -> list[dict]:
    """Who changed what and when, on the household and its members (removed ones included)."""
    records = list(household.history.select_related("history_user")[:500]) + list(
        Person.history.filter(household_id=household.pk).select_related("history_user")[:500]
    )
    return history_rows(
        records,
        include_notes=include_notes,
        # Read the names off the history row: building the instance would reload its
        # excluded fields, one query per row.
        describe=lambda r: f"{r.first_name} {r.last_name}" if r.instance_type is Person else "",
        limit=limit,
    )
