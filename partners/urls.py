from django.urls import path

from accounts.access_log import household_of, logged

from . import link_views, referral_views, views
from .models import Referral

app_name = "partners"

urlpatterns = [
    path("", views.partner_list, name="list"),
    path("new/", views.partner_create, name="create"),
    path("<int:pk>/", views.partner_detail, name="detail"),
    path("<int:pk>/edit/", views.partner_update, name="update"),
    path("<int:pk>/agreement/", views.partner_agreement, name="agreement"),
    path("<int:pk>/contacts/new/", views.contact_create, name="contact_create"),
    path("contacts/<int:pk>/edit/", views.contact_update, name="contact_update"),
    path("contacts/<int:pk>/delete/", views.contact_delete, name="contact_delete"),
    path("<int:pk>/offers/new/", views.offer_create, name="offer_create"),
    path("offers/<int:pk>/", views.offer_detail, name="offer_detail"),
    path("offers/<int:pk>/edit/", views.offer_update, name="offer_update"),
    path("offers/<int:pk>/status/", views.offer_status, name="offer_status"),
    path(
        "households/<int:pk>/matches/", referral_views.household_matches, name="household_matches"
    ),
    path("households/<int:pk>/refer/", referral_views.referral_create, name="referral_create"),
    path("referrals/", referral_views.my_referrals, name="my_referrals"),
    path(
        "referrals/<int:pk>/",
        logged(referral_views.referral_detail, resolve=household_of(Referral)),
        name="referral_detail",
    ),
    path("referrals/<int:pk>/answer/", referral_views.referral_answer, name="referral_answer"),
    path("referrals/<int:pk>/link/", link_views.referral_link_send, name="referral_link_send"),
    path(
        "referrals/links/<int:pk>/revoke/",
        link_views.referral_link_revoke,
        name="referral_link_revoke",
    ),
    # The partner's page, without an account (see partners/referral_links.py).
    path("answer/<str:token>/", link_views.link_answer, name="link_answer"),
]
