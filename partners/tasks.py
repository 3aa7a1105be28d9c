from celery import shared_task

from .referral_links import referral_link_deliver, referral_link_openings_purge


@shared_task(ignore_result=True)
def send_referral_link_task(link_id: int) -> None:
    """E-mail a referral's answer link to the partner's contact (the "mail" queue).

    Idempotent: a message delivered twice finds the link already sent and sends nothing. The
    token is never returned, so that no result store ever holds it.
    """
    referral_link_deliver(link_id=link_id)


@shared_task
def purge_link_openings_task() -> int:
    """Every night, on the default queue: the openings past the access log's retention."""
    return referral_link_openings_purge()
