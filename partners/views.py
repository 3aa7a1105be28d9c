"""Partner directory, contacts and offers: read by everyone, kept by coordinators."""

from functools import partial

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import require_coordinator, user_access
from core.uploads import file_download_response
from core.views import form_response, post_action

from . import selectors, services
from .filters import PartnerFilter
from .forms import ContactForm, OfferForm, OfferStatusForm, PartnerForm
from .matching import households_for_offer

PAGE_SIZE = 25


def _save_with(request, service, **objects):
    """What a form page saves: its fields go to the service, with the objects it changes (and
    the version an edit form was opened on)."""
    return lambda form: service(
        **objects,
        by=request.user,
        **form.service_fields(),
        **(form.version_fields() if hasattr(form, "version_fields") else {}),
    )


def partner_list(request):
    """The directory, filtered and searched (accent-blind), in a fixed number of queries."""
    filterset = PartnerFilter(request.GET, queryset=selectors.partner_list(user=request.user))
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    template = "partners/_partner_table.html" if request.htmx else "partners/partner_list.html"
    return render(
        request, template, {"filter": filterset, "page": page, "querystring": query.urlencode()}
    )


@require_http_methods(["GET", "POST"])
def partner_create(request):
    require_coordinator(request.user)
    return form_response(
        request,
        form=PartnerForm(request.POST or None, request.FILES or None),
        save=_save_with(request, services.partner_create),
        done=_("Partner added."),
        template="partners/partner_form.html",
        context={},
    )


def partner_detail(request, pk):
    partner = selectors.partner_get_for_user(user=request.user, pk=pk)
    access = user_access(request.user)
    return render(
        request,
        "partners/partner_detail.html",
        {
            "partner": partner,
            "contacts": partner.contacts.all(),
            "offers": selectors.offers_of_partner(partner=partner),
            "referrals": selectors.referrals_for_partner(user=request.user, partner=partner),
            "can_edit": access.is_coordinator,
        },
    )


@require_http_methods(["GET", "POST"])
def partner_update(request, pk):
    partner = selectors.partner_get_for_user(user=request.user, pk=pk)
    require_coordinator(request.user)
    return form_response(
        request,
        form=PartnerForm(request.POST or None, request.FILES or None, instance=partner),
        save=_save_with(request, services.partner_update, partner=partner),
        done=_("Partner updated."),
        template="partners/partner_form.html",
        context={"partner": partner},
    )


def partner_agreement(request, pk):
    """The signed agreement, served to signed-in users only (media files are not public)."""
    partner = selectors.partner_get_for_user(user=request.user, pk=pk)
    return file_download_response(
        partner.agreement_document, stem=f"convention-{slugify(partner.name)[:40] or partner.pk}"
    )


@require_http_methods(["GET", "POST"])
def contact_create(request, pk):
    partner = selectors.partner_get_for_user(user=request.user, pk=pk)
    require_coordinator(request.user)
    return form_response(
        request,
        form=ContactForm(request.POST or None),
        save=_save_with(request, services.contact_create, partner=partner),
        done=_("Contact added."),
        template="partners/contact_form.html",
        context={"partner": partner},
    )


@require_http_methods(["GET", "POST"])
def contact_update(request, pk):
    contact = selectors.contact_get_for_user(user=request.user, pk=pk)
    require_coordinator(request.user)
    return form_response(
        request,
        form=ContactForm(request.POST or None, instance=contact),
        save=_save_with(request, services.contact_update, contact=contact),
        done=_("Contact updated."),
        template="partners/contact_form.html",
        context={"partner": contact.partner, "contact": contact},
    )


@require_http_methods(["GET", "POST"])
def contact_delete(request, pk):
    contact = selectors.contact_get_for_user(user=request.user, pk=pk)
    require_coordinator(request.user)
    if request.method == "POST":
        return post_action(
            request,
            action=partial(services.contact_delete, contact=contact, by=request.user),
            done=_("Contact removed."),
            next_url=contact.get_absolute_url(),
        )
    return render(request, "partners/contact_confirm_delete.html", {"contact": contact})


@require_http_methods(["GET", "POST"])
def offer_create(request, pk):
    partner = selectors.partner_get_for_user(user=request.user, pk=pk)
    require_coordinator(request.user)
    return form_response(
        request,
        form=OfferForm(
            request.POST or None,
            initial={"departement": partner.departement_id, "commune": partner.commune},
        ),
        save=_save_with(request, services.offer_create, partner=partner),
        done=_("Offer added."),
        template="partners/offer_form.html",
        context={"partner": partner},
    )


def offer_detail(request, pk):
    """The offer and the visible households whose plan targets its region, best fit first."""
    offer = selectors.offer_get_for_user(user=request.user, pk=pk)
    access = user_access(request.user)
    return render(
        request,
        "partners/offer_detail.html",
        {
            "offer": offer,
            "partner": offer.partner,
            "matches": households_for_offer(offer=offer, user=request.user),
            "can_edit": access.is_coordinator,
            "can_refer": not access.is_read_only,
            "status_form": OfferStatusForm(initial={"status": offer.status}),
        },
    )


@require_http_methods(["GET", "POST"])
def offer_update(request, pk):
    offer = selectors.offer_get_for_user(user=request.user, pk=pk)
    require_coordinator(request.user)
    return form_response(
        request,
        form=OfferForm(request.POST or None, instance=offer),
        save=_save_with(request, services.offer_update, offer=offer),
        done=_("Offer updated."),
        template="partners/offer_form.html",
        context={"partner": offer.partner, "offer": offer},
    )


@require_POST
def offer_status(request, pk):
    offer = selectors.offer_get_for_user(user=request.user, pk=pk)
    require_coordinator(request.user)
    form = OfferStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status."))
        return redirect(offer)
    return post_action(
        request,
        action=partial(
            services.offer_set_status,
            offer=offer,
            status=form.cleaned_data["status"],
            by=request.user,
        ),
        done=_("Offer status changed."),
        next_url=offer.get_absolute_url(),
    )
