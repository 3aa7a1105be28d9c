"""Who imports reference data: coordinators (of any site) and administrators, since the data
serve every site; social workers, directors and auditors do not."""

from django.core.exceptions import PermissionDenied

from accounts.access import user_access


def may_import(user) -> bool:
    access = user_access(user)
    return access.is_admin or bool(access.coordinated_site_ids())


def check_may_import(user) -> None:
    """403 unless the user may import reference data."""
    if not may_import(user):
        raise PermissionDenied
