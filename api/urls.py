from django.urls import path
from rest_framework.routers import SimpleRouter

from . import docs_views, indicator_views, token_views, views

app_name = "api"

router = SimpleRouter()
router.register("households", views.HouseholdViewSet, basename="household")
router.register("persons", views.PersonViewSet, basename="person")
router.register("workshops", views.WorkshopViewSet, basename="workshop")
router.register("registrations", views.RegistrationViewSet, basename="registration")
router.register("referrals", views.ReferralViewSet, basename="referral")
router.register("relocations", views.RelocationViewSet, basename="relocation")

urlpatterns = [
    path("schema/", docs_views.SchemaView.as_view(), name="schema"),
    path("docs/", docs_views.DocsView.as_view(), name="docs"),
    path("tokens/", token_views.token_list, name="tokens"),
    path("tokens/revoke/", token_views.token_revoke, name="token_revoke"),
    path("indicators/", indicator_views.IndicatorsView.as_view(), name="indicators"),
    *router.urls,
]
