"""The API's rate limit: API_RATE_PER_HOUR requests per user, counted in the default cache.

Per user rather than per token, so that making more tokens does not raise the limit. The
rate is read from the settings at each request (DRF reads it once, at import).
"""

from django.conf import settings
from rest_framework.throttling import UserRateThrottle


class PerUserRateThrottle(UserRateThrottle):
    scope = "user"

    def get_rate(self):
        return f"{settings.API_RATE_PER_HOUR}/hour"
