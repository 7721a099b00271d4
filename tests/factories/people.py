import factory
from allauth.account.models import EmailAddress

from lms.domain.roles import role_assign
from lms.enums import UnionRole
from lms.models import Region, RoleAssignment, Union, User

PASSWORD = "correct horse battery staple"


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Region {n}")
    slug = factory.Sequence(lambda n: f"region-{n}")
    sort_order = factory.Sequence(int)


class UnionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Union

    name = factory.Sequence(lambda n: f"Public Service Union {n}")
    acronym = factory.Sequence(lambda n: f"PSU{n}")
    country = "KE"
    region = factory.SubFactory(RegionFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Person Number{n}")
    region = factory.SubFactory(RegionFactory)
    union = None
    union_role = UnionRole.ACTIVIST
    preferred_language = "en"
    time_zone = "UTC"

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or PASSWORD)
        if create:
            obj.save(update_fields=["password"])

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        """A verified primary address, so allauth lets the person sign in."""
        if create and extracted is not False:
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    region = factory.SubFactory(RegionFactory)


def staff_user(role, region=None, **user_fields):
    """A person holding `role` in `region` (None: every region), through the domain function."""
    user = UserFactory(**({"region": region} if region else {}), **user_fields)
    role_assign(user=user, role=role, region=region)
    return user
