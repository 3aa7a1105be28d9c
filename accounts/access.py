"""What a user may see and do, computed once per request from their memberships.

Every scoped query and every write check starts here, so that a rule lives in one place.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from .roles import Role

WRITING_ROLES = frozenset({Role.SOCIAL_WORKER, Role.COORDINATOR})
ALL_SITES_ROLES = frozenset({Role.DIRECTOR, Role.AUDITOR})


@dataclass(frozen=True)
class Access:
    is_admin: bool
    roles: frozenset[str]
    # site id -> roles held there
    site_roles: dict[int, frozenset[str]]

    @property
    def sees_all_sites(self) -> bool:
        return self.is_admin or bool(self.roles & ALL_SITES_ROLES)

    @property
    def site_ids(self) -> frozenset[int]:
        return frozenset(self.site_roles)

    @property
    def is_read_only(self) -> bool:
        """Auditors and directors never change case data (admins always may)."""
        return not self.is_admin and not (self.roles & WRITING_ROLES)

    @property
    def is_auditor_only(self) -> bool:
        return not self.is_admin and self.roles == {Role.AUDITOR}

    @property
    def reads_free_text(self) -> bool:
        """The one rule for free text about a person, wherever it was typed.

        Notes, reasons (refusal, withdrawal, abandon, correction), comments, difficulties,
        wishes and their change history: external auditors check figures and evidence,
        never what was written about people. Templates read it as `access.reads_free_text`.
        """
        return not self.is_auditor_only

    @property
    def is_coordinator(self) -> bool:
        return self.is_admin or Role.COORDINATOR in self.roles

    @property
    def is_social_worker(self) -> bool:
        return Role.SOCIAL_WORKER in self.roles

    @property
    def is_director(self) -> bool:
        return self.is_admin or Role.DIRECTOR in self.roles

    @property
    def is_auditor(self) -> bool:
        return Role.AUDITOR in self.roles

    def can_read_site(self, site_id: int) -> bool:
        return self.sees_all_sites or site_id in self.site_roles

    def site_filter(self, field: str = "site") -> Q:
        """The condition every `visible_to(user)` applies: rows of the sites the user may read.

        `field` is the path to the site from the model, e.g. "household__site".
        """
        if self.sees_all_sites:
            return Q()
        return Q(**{f"{field}__in": self.site_ids})

    def coordinated_site_ids(self) -> frozenset[int] | None:
        """Sites the user coordinates; None means every site (admins)."""
        if self.is_admin:
            return None
        return frozenset(sid for sid, roles in self.site_roles.items() if Role.COORDINATOR in roles)

    def writable_site_ids(self) -> frozenset[int] | None:
        """Sites where the user may change case data; None means every site (admins)."""
        if self.is_admin:
            return None
        return frozenset(sid for sid, roles in self.site_roles.items() if roles & WRITING_ROLES)

    def can_write_site(self, site_id: int) -> bool:
        writable = self.writable_site_ids()
        return writable is None or site_id in writable

    def coordinates_site(self, site_id: int) -> bool:
        return self.is_admin or Role.COORDINATOR in self.site_roles.get(site_id, frozenset())


ANONYMOUS = Access(is_admin=False, roles=frozenset(), site_roles={})


def user_access(user) -> Access:
    """The user's Access, cached on the user object for the rest of the request."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, "_cdf_access", None)
    if cached is not None:
        return cached
    site_roles: dict[int, set[str]] = {}
    for site_id, role in user.memberships.filter(site__is_active=True).values_list(
        "site_id", "role"
    ):
        site_roles.setdefault(site_id, set()).add(role)
    access = Access(
        is_admin=user.is_superuser,
        roles=frozenset(r for roles in site_roles.values() for r in roles),
        site_roles={sid: frozenset(roles) for sid, roles in site_roles.items()},
    )
    user._cdf_access = access
    return access


def require_write(user, site_id: int) -> None:
    """Raise 403 unless the user may change case data of that site."""
    if not user_access(user).can_write_site(site_id):
        raise PermissionDenied


def require_coordinator(user, site_id: int | None = None) -> None:
    access = user_access(user)
    allowed = access.coordinates_site(site_id) if site_id else access.is_coordinator
    if not allowed:
        raise PermissionDenied
