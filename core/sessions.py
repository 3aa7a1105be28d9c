"""The session engine: Django's cached_db, whose save tells an outage from a deleted session.

Django's database backend turns every DatabaseError of a session's update into UpdateError,
which SessionMiddleware answers with 400 ("the session was deleted before the request
completed"). That is right for the row deleted meanwhile (a logout in another tab: the update
touches no row), wrong for the database gone away (a restart just after the page was read):
the user did nothing, and the page must be the 503 of core/database_unavailable.py. So the
outage's own error propagates from the save; SessionMiddleware raises it in process_response,
Django turns it into a 500 and sends got_request_exception, and DatabaseUnavailableMiddleware,
outside SessionMiddleware, answers the 503 page.
"""

from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore

from .database_unavailable import DATABASE_ERRORS


class SessionStore(CachedDBStore):
    def save(self, must_create=False):
        try:
            super().save(must_create)
        except UpdateError as error:
            # Django raises UpdateError inside its `except DatabaseError`: the cause is the
            # context. A deleted row is a plain DatabaseError ("Forced update did not affect
            # any rows"), an outage an OperationalError or InterfaceError.
            if isinstance(error.__context__, DATABASE_ERRORS):
                raise error.__context__ from None
            raise
