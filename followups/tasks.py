from celery import shared_task

from .digest import due_digests_send


@shared_task
def send_due_digests_task() -> dict:
    """Daily (see CELERY_BEAT_SCHEDULE): mark late items and send the social workers' digests."""
    return due_digests_send()
