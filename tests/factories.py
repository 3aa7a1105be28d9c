"""Test data built through the real services, so tests see what the app itself writes."""

import datetime

import factory
from django.utils import timezone

from accounts.models import Membership, Role, Site, User
from households import services
from households.models import Household, Person, Relation
from partners.models import Partner, PartnerKind

PASSWORD = "Un-mot-de-passe-solide-42"


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"Site {n}")
    code = factory.Sequence(lambda n: f"site-{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def user_with_role(role: str, site: Site, **kwargs) -> User:
    user = UserFactory(**kwargs)
    Membership.objects.create(user=user, site=site, role=role)
    return user


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"CADA numéro {n}")
    kind = PartnerKind.RECEPTION_CENTRE


def make_household(*, site: Site, by: User, social_worker=None, **fields) -> Household:
    fields.setdefault("referral_date", timezone.localdate() - datetime.timedelta(days=60))
    return services.household_create(by=by, site=site, social_worker=social_worker, **fields)


def make_person(*, household: Household, by: User, **fields) -> Person:
    defaults = {
        "first_name": "Amina",
        "last_name": "Haidari",
        "sex": "F",
        "birth_date": datetime.date(1990, 5, 17),
        "relation": Relation.HEAD,
    }
    defaults.update(fields)
    return services.person_add(household=household, by=by, **defaults)


__all__ = [
    "PASSWORD",
    "PartnerFactory",
    "Role",
    "SiteFactory",
    "UserFactory",
    "make_household",
    "make_person",
    "user_with_role",
]
