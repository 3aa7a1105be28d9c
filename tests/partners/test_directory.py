import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partners import services
from partners.models import OfferStatus, Partner, PartnerKind
from partners.selectors import partner_list, partner_search
from tests.factories import UserFactory
from tests.partners.helpers import ILLE_ET_VILAINE, dep, make_offer, make_partner

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _form_data(**overrides):
    data = {
        "name": "Habitat Breton",
        "kind": PartnerKind.SOCIAL_LANDLORD,
        "address": "3 rue de la Monnaie",
        "postcode": "35000",
        "commune": "Rennes",
        "departement": ILLE_ET_VILAINE,
        "agreement_signed_on": "2024-03-01",
        "is_active": "on",
    }
    data.update(overrides)
    return data


def test_coordinator_adds_a_partner_with_its_agreement(client_for, coordinator, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = client_for(coordinator)
    data = _form_data(agreement_document=SimpleUploadedFile("convention.pdf", PDF))
    response = client.post(reverse("partners:create"), data)
    partner = Partner.objects.get(name="Habitat Breton")
    assert response.status_code == 302
    assert partner.agreement_signed_on == datetime.date(2024, 3, 1)
    assert partner.departement_id == ILLE_ET_VILAINE
    download = client.get(reverse("partners:agreement", args=[partner.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF


def test_agreement_document_must_really_be_a_pdf_or_an_image(
    client_for, coordinator, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    fake = SimpleUploadedFile("convention.pdf", b"MZ\x90\x00 not a pdf at all")
    response = client_for(coordinator).post(
        reverse("partners:create"), _form_data(agreement_document=fake)
    )
    assert response.status_code == 200
    assert response.context["form"].has_error("agreement_document", code="bad_content")
    assert not Partner.objects.exists()


def test_agreement_document_has_a_size_limit(client_for, coordinator, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    settings.MAX_UPLOAD_MB = 1
    big = SimpleUploadedFile("convention.pdf", PDF + b"0" * (1024 * 1024 + 1))
    response = client_for(coordinator).post(
        reverse("partners:create"), _form_data(agreement_document=big)
    )
    assert response.context["form"].has_error("agreement_document", code="too_large")
    assert not Partner.objects.exists()


def test_agreement_document_of_another_type_is_refused(client_for, coordinator, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    doc = SimpleUploadedFile("convention.exe", PDF)
    response = client_for(coordinator).post(
        reverse("partners:create"), _form_data(agreement_document=doc)
    )
    assert response.context["form"].has_error("agreement_document", code="bad_type")
    assert not Partner.objects.exists()


def test_agreement_cannot_be_signed_in_the_future():
    with pytest.raises(services.PartnerRuleError):
        make_partner(agreement_signed_on=datetime.date.today() + datetime.timedelta(days=3))
    assert not Partner.objects.exists()


def test_social_worker_reads_the_directory_but_cannot_edit_it(client_for, social_worker):
    partner = make_partner()
    client = client_for(social_worker)
    assert client.get(reverse("partners:detail", args=[partner.pk])).status_code == 200
    response = client.post(reverse("partners:update", args=[partner.pk]), _form_data())
    assert response.status_code == 403
    partner.refresh_from_db()
    assert partner.name == "Entreprise Alpine"


def test_coordinator_manages_contacts(client_for, coordinator):
    partner = make_partner()
    client = client_for(coordinator)
    client.post(
        reverse("partners:contact_create", args=[partner.pk]),
        {
            "name": "Léa Martin",
            "role": "Chargée RH",
            "phone": "04 76 00 00 00",
            "email": "lea@example.org",
        },
    )
    contact = partner.contacts.get()
    assert contact.role == "Chargée RH"
    client.post(
        reverse("partners:contact_update", args=[contact.pk]),
        {"name": "Léa Martin", "role": "DRH", "phone": "", "email": ""},
    )
    contact.refresh_from_db()
    assert contact.role == "DRH"
    client.post(reverse("partners:contact_delete", args=[contact.pk]))
    assert not partner.contacts.exists()


def test_coordinator_changes_the_status_of_an_offer(client_for, coordinator):
    offer = make_offer(partner=make_partner())
    client = client_for(coordinator)
    url = reverse("partners:offer_status", args=[offer.pk])

    refused = client.post(url, {"status": ""}, follow=True)
    offer.refresh_from_db()
    assert offer.status == OfferStatus.OPEN
    assert [m.level_tag for m in refused.context["messages"]] == ["error"]

    changed = client.post(url, {"status": OfferStatus.FILLED})
    assert changed["Location"] == offer.get_absolute_url()
    offer.refresh_from_db()
    assert offer.status == OfferStatus.FILLED


def test_search_ignores_accents_and_case():
    make_partner(name="Société d'Habitat", commune="Gières")
    make_partner(name="Ferme du Vercors", commune="Villard-de-Lans")
    found = partner_search(Partner.objects.all(), "  HABITAT gieres ")
    assert [p.name for p in found] == ["Société d'Habitat"]
    assert partner_search(Partner.objects.all(), "societe").count() == 1


def test_directory_is_sorted_without_regard_to_case_or_accents(social_worker):
    for name in ("Zèbre Habitat", "école des métiers", "Âge d'or", "Agence Est"):
        make_partner(name=name)
    names = [p.name for p in partner_list(user=social_worker)]
    assert names == ["Âge d'or", "Agence Est", "école des métiers", "Zèbre Habitat"]


def test_renaming_a_partner_keeps_it_findable():
    partner = make_partner(name="Ancien nom")
    services.partner_update(partner=partner, by=None, name="Éclair Emploi")
    assert partner_search(Partner.objects.all(), "eclair").get() == partner


def test_directory_filters_on_kind_region_departement_and_open_offers(client_for, social_worker):
    alpine = make_partner(name="Entreprise Alpine")
    make_offer(partner=alpine)
    breton = make_partner(
        name="Habitat Breton", kind=PartnerKind.SOCIAL_LANDLORD, departement=ILLE_ET_VILAINE
    )
    closed = make_offer(partner=breton, kind="housing", departement=ILLE_ET_VILAINE)
    services.offer_set_status(offer=closed, status=OfferStatus.FILLED, by=None)
    client = client_for(social_worker)

    def names(**params):
        response = client.get(reverse("partners:list"), params)
        return [p.name for p in response.context["page"]]

    assert names() == ["Entreprise Alpine", "Habitat Breton"]
    assert names(kind=PartnerKind.SOCIAL_LANDLORD) == ["Habitat Breton"]
    assert names(region="53") == ["Habitat Breton"]
    assert names(departement="38") == ["Entreprise Alpine"]
    assert names(has_open_offers="true") == ["Entreprise Alpine"]
    assert names(has_open_offers="false") == ["Habitat Breton"]
    assert names(q="alpine") == ["Entreprise Alpine"]


def test_open_offer_count_counts_open_offers_only():
    partner = make_partner()
    make_offer(partner=partner)
    make_offer(partner=partner, title="Cariste")
    withdrawn = make_offer(partner=partner, title="Soudeur")
    services.offer_set_status(offer=withdrawn, status=OfferStatus.WITHDRAWN, by=None)
    row = partner_list(user=_any_user()).get()
    assert row.open_offer_count == 2
    assert row.has_open_offers


def _any_user():
    return UserFactory()


def _fill_directory(n):
    for i in range(n):
        partner = make_partner(name=f"Partenaire {i}", departement="69" if i % 2 else "38")
        make_offer(partner=partner, title=f"Offre {i}")


@pytest.mark.parametrize("size", [2, 30])
def test_directory_page_runs_a_fixed_number_of_queries(
    client_for, social_worker, django_assert_num_queries, size
):
    _fill_directory(size)
    client = client_for(social_worker)
    client.get(reverse("partners:list"))  # warm the session and access caches
    # 1 session, 2 user, 3 count, 4 memberships (access, for the menu), 5 regions and
    # 6 départements of the filters, 7 page of partners with their département, region and
    # open-offer count, 8-10 session update in its savepoint
    with django_assert_num_queries(10):
        response = client.get(reverse("partners:list"), {"has_open_offers": "true"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == size


def test_partner_page_runs_a_fixed_number_of_queries(
    client_for, social_worker, django_assert_max_num_queries
):
    partner = make_partner()
    for i in range(5):
        make_offer(partner=partner, title=f"Offre {i}", departement=dep("69").code)
        services.contact_create(partner=partner, by=None, name=f"Contact {i}")
    client = client_for(social_worker)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("partners:detail", args=[partner.pk])).status_code == 200


def test_offer_form_shows_a_refused_rule_and_saves_nothing(client_for, coordinator):
    partner = make_partner()
    response = client_for(coordinator).post(
        reverse("partners:offer_create", args=[partner.pk]),
        {"kind": "housing", "title": "T3", "departement": "38"},
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not partner.offers.exists()
