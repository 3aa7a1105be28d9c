"""Answer links built through the real services, and the token read from the e-mail sent."""

import re

from django.core import mail

from partners import referral_links, services

TOKEN_IN_MAIL = re.compile(r"/partners/answer/([A-Za-z0-9_-]+)/")


def make_contact(*, partner, name="Léa Martin", email="lea.martin@example.org"):
    return services.contact_create(partner=partner, by=None, name=name, email=email)


def token_of_last_mail() -> str:
    return TOKEN_IN_MAIL.search(mail.outbox[-1].body).group(1)


def send_link(*, referral, contact, by):
    """(link, token): the link made and its e-mail sent, as the mail task does.

    Inside a test's transaction the on-commit task does not run: the helper sends it itself;
    in a transactional test (the browser's) it ran already and the token is in the outbox.
    """
    link = referral_links.referral_link_create(referral=referral, contact=contact, by=by)
    link.refresh_from_db()
    token = None if link.sent_at else referral_links.referral_link_deliver(link_id=link.pk)
    link.refresh_from_db()
    return link, token or token_of_last_mail()
