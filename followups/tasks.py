from celery import shared_task

from .digest import due_digests_send


@shared_task
def send_due_digests_task() -> dict:
    """Daily (see CELERY_BEAT_SCHEDULE): mark late items and send the social workers' digests.

    Idempotent, so safe with late acknowledgement: a DigestLog row per user and day means a
    second delivery the same day sends nothing more (see followups.digest).
    """
    return due_digests_send()
