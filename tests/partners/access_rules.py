from partners import services
from tests.access import (
    LOGIN,
    READ_ALL,
    READ_OBJECT_OF_SITE_A,
    REFUSE_WRITE_OF_SITE_A,
    WRITE_OBJECT_OF_SITE_A,
    Rule,
    expect,
)
from tests.partners.helpers import (
    give_sharing_consent,
    make_offer,
    make_partner,
    make_plan,
    send_referral,
)
from tests.partners.link_helpers import make_contact, send_link

# The directory is shared by every site and kept by coordinators (and administrators).
COORDINATE_DIRECTORY = expect(403, anonymous=LOGIN, coordinator=200, admin=200)
REFUSE_DIRECTORY_EDIT = expect(403, anonymous=LOGIN, coordinator=None, admin=None)


def partner(world):
    return {"pk": world.partner.pk}


def contact(world):
    return {"pk": world.contact.pk}


def offer(world):
    return {"pk": world.offer.pk}


def household(world):
    return {"pk": world.household.pk}


def referral(world):
    return {"pk": world.referral.pk}


def referral_link(world):
    return {"pk": world.referral_link.pk}


def link_token(world):
    return {"token": world.link_token}


def build(world):
    sw = world.users["social_worker"]
    world.partner = make_partner()
    world.contact = services.contact_create(partner=world.partner, by=None, name="Léa Martin")
    world.offer = make_offer(partner=world.partner)
    world.partner_plan = make_plan(household=world.household, by=sw, persons=[world.person])
    give_sharing_consent(household=world.household, by=sw)
    world.referral = send_referral(
        plan=world.partner_plan, partner=world.partner, offer=world.offer, by=sw
    )
    world.link_contact = make_contact(partner=world.partner, name="Paul Girard")
    world.referral_link, world.link_token = send_link(
        referral=world.referral, contact=world.link_contact, by=sw
    )


RULES = [
    Rule("partners:list", get=READ_ALL),
    Rule("partners:my_referrals", get=READ_ALL),
    Rule("partners:create", get=COORDINATE_DIRECTORY, post=REFUSE_DIRECTORY_EDIT),
    Rule("partners:detail", get=READ_ALL, kwargs=partner),
    Rule("partners:update", get=COORDINATE_DIRECTORY, post=REFUSE_DIRECTORY_EDIT, kwargs=partner),
    # No document uploaded in the walk: the page exists for everyone signed in, the file not.
    Rule("partners:agreement", get=expect(404, anonymous=LOGIN), kwargs=partner),
    Rule(
        "partners:contact_create",
        get=COORDINATE_DIRECTORY,
        post=REFUSE_DIRECTORY_EDIT,
        kwargs=partner,
    ),
    Rule(
        "partners:contact_update",
        get=COORDINATE_DIRECTORY,
        post=REFUSE_DIRECTORY_EDIT,
        kwargs=contact,
    ),
    Rule(
        "partners:contact_delete",
        get=COORDINATE_DIRECTORY,
        post=REFUSE_DIRECTORY_EDIT,
        kwargs=contact,
    ),
    Rule(
        "partners:offer_create",
        get=COORDINATE_DIRECTORY,
        post=REFUSE_DIRECTORY_EDIT,
        kwargs=partner,
    ),
    Rule("partners:offer_detail", get=READ_ALL, kwargs=offer),
    Rule(
        "partners:offer_update", get=COORDINATE_DIRECTORY, post=REFUSE_DIRECTORY_EDIT, kwargs=offer
    ),
    Rule(
        "partners:offer_status",
        get=expect(405, anonymous=LOGIN),
        post=REFUSE_DIRECTORY_EDIT,
        kwargs=offer,
    ),
    Rule("partners:household_matches", get=READ_OBJECT_OF_SITE_A, kwargs=household),
    Rule(
        "partners:referral_create",
        get=WRITE_OBJECT_OF_SITE_A,
        post=REFUSE_WRITE_OF_SITE_A,
        kwargs=household,
    ),
    Rule("partners:referral_detail", get=READ_OBJECT_OF_SITE_A, kwargs=referral),
    Rule(
        "partners:referral_answer",
        get=WRITE_OBJECT_OF_SITE_A,
        post=REFUSE_WRITE_OF_SITE_A,
        kwargs=referral,
    ),
    # POST only: sending and revoking a link are buttons of the referral page.
    Rule(
        "partners:referral_link_send",
        get=expect(405, anonymous=LOGIN),
        post=REFUSE_WRITE_OF_SITE_A,
        kwargs=referral,
    ),
    Rule(
        "partners:referral_link_revoke",
        get=expect(405, anonymous=LOGIN),
        post=REFUSE_WRITE_OF_SITE_A,
        kwargs=referral_link,
    ),
    # The partner's page needs no account: anyone holding the token opens it, signed in or not;
    # an empty answer is refused on the page itself and changes nothing. An auditor signed in
    # writes nothing, there too (accounts.middleware).
    Rule(
        "partners:link_answer",
        get=expect(200),
        post=expect(200, auditor=403),
        kwargs=link_token,
    ),
]
