"""Writes of the accounts app: the personal-file access log.

The login lockout is django-axes' (accounts/lockout.py holds the hooks it calls).
"""

from .models import AccessLog


def access_log_record(*, user, obj, path: str) -> None:
    """Note that the user opened a personal file (household or person)."""
    AccessLog.objects.create(
        user=user, object_type=obj._meta.model_name, object_id=obj.pk, path=path[:255]
    )
