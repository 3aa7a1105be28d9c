from django.db import models


class SiteScopedQuerySet(models.QuerySet):
    """`visible_to(user)`: the rows of the sites the user may read.

    `site_field` is the path from the model to its site ("site", "household__site"…). The rule
    itself is `Access.site_filter` (accounts/access.py), reached through `user.access` so that
    this bottom layer imports nothing above it; anyone without an access (anonymous) sees none.
    """

    site_field = "site"

    def visible_to(self, user):
        access = getattr(user, "access", None)
        if access is None:
            return self.none()
        return self.filter(access.site_filter(self.site_field))
