from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

import core.health
import reporting.home_views

urlpatterns = [
    path("", reporting.home_views.home, name="home"),
    path("accounts/", include("accounts.urls")),
    path("households/", include("households.urls")),
    path("interviews/", include("interviews.urls")),
    path("plans/", include("mobility_plans.urls")),
    path("partners/", include("partners.urls")),
    path("workshops/", include("workshops.urls")),
    path("reporting/", include("reporting.urls")),
    path("followups/", include("followups.urls")),
    path("funding/", include("funding.urls")),
    path("imports/", include("history_import.urls")),
    path("privacy/", include("privacy.urls")),
    path("recommendations/", include("recommendations.urls")),
    path("api/", include("api.urls")),
    # Changing language must work on the login page too.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    # Health of this web process and of the workers, for the load balancer (no login).
    path("healthz", core.health.healthz, name="healthz"),
]

# Uploaded files (signed attendance sheets, agreements, reports) are never served by URL:
# each is downloaded through a view that checks the user may see it.
