"""Decisions made by e-mail address count only verified addresses; sign-up tells nothing.

The squatter's story: a coordinator nominates an address that has no account; someone
else signs up with it, never verifies it, gets signed in (through a hole, here
`force_login`) and applies as the nominee. The application must not be the nominee's,
and the real owner must still get an account of their own by signing up or by asking
for a password reset.
"""

import re
from unittest import mock

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import get_hasher
from django.core import mail
from django.urls import reverse

from cohorts.domain.enrolment import enrolment_apply, nomination_create
from cohorts.domain.exceptions import EnrolmentError
from cohorts.enums import EnrolmentStatus
from cohorts.models import Enrolment
from lms.domain.addresses import verified_account_for
from lms.enums import StaffRole, UnionRole
from lms.models import ConsentRecord, OutboxMessage, User
from tests.factories import RegionFactory, UnionFactory, UserFactory, staff_user
from tests.factories.cohorts import open_cohort
from tests.factories.people import PASSWORD

NOMINEE = "nadia.nominee@example.org"
OWNER_PASSWORD = "owner's own long passphrase 2026"
CONFIRM_LINK = re.compile(r"http://testserver(/accounts/confirm-email/[^/\s]+/)")
RESET_LINK = re.compile(r"/accounts/password/reset/key/")


@pytest.fixture
def europe(db):
    return RegionFactory(name="Europe", slug="europe")


@pytest.fixture
def union(europe):
    return UnionFactory(name="Public Service Union", region=europe)


@pytest.fixture
def curators(curriculum, europe):
    """A curators' cohort (by nomination only) with NOMINEE nominated by the coordinator."""
    cohort = open_cohort(curriculum.tracks["curators"], region=europe, slug="curators-europe")
    coordinator = staff_user(StaffRole.COORDINATOR, europe)
    nomination_create(cohort=cohort, email=NOMINEE, full_name="Nadia Nominee", by=coordinator)
    mail.outbox.clear()
    return cohort


def signup(client, europe, union, *, email=NOMINEE, password=PASSWORD, name="Sam Squatter"):
    return client.post(
        "/accounts/signup/",
        {
            "email": email,
            "password1": password,
            "password2": password,
            "full_name": name,
            "preferred_language": "en",
            "time_zone": "Europe/Brussels",
            "region": str(europe.pk),
            "union": str(union.pk),
            "union_role": UnionRole.ACTIVIST,
            "privacy_consent": "on",
        },
    )


def squatter(client, europe, union, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = signup(client, europe, union)
    assert (response.status_code, response.url) == (302, "/accounts/confirm-email/")
    mail.outbox.clear()
    return User.objects.get(email=NOMINEE)


def apply(user, cohort):
    return enrolment_apply(
        cohort=cohort, user=user, profile={}, commitment=True, recording_consent=False
    )


def test_an_unverified_address_does_not_claim_a_nomination(
    client, curators, europe, union, django_capture_on_commit_callbacks
):
    person = squatter(client, europe, union, django_capture_on_commit_callbacks)
    assert EmailAddress.objects.filter(user=person).values_list("verified", flat=True)[0] is False

    with pytest.raises(EnrolmentError) as refused:
        apply(person, curators)
    assert "by nomination" in refused.value.message
    assert Enrolment.objects.count() == 0

    client.force_login(person)  # through a hole in sign-in, were there one
    page = client.get(reverse("catalogue:apply", args=[curators.slug])).content.decode()
    assert "by nomination" in page
    assert "Nadia Nominee" not in page


def test_some_other_verified_address_does_not_claim_a_nomination(curators):
    person = UserFactory(email="nadia.other@example.org")
    EmailAddress.objects.create(user=person, email=NOMINEE, verified=False, primary=False)
    with pytest.raises(EnrolmentError):
        apply(person, curators)

    EmailAddress.objects.filter(email=NOMINEE).update(verified=True)
    enrolment = apply(person, curators)
    assert (enrolment.status, enrolment.nomination.email) == (EnrolmentStatus.APPLIED, NOMINEE)


def test_the_owner_signing_up_replaces_the_squatters_account(
    client, curators, europe, union, django_capture_on_commit_callbacks
):
    taken = squatter(client, europe, union, django_capture_on_commit_callbacks)
    client.force_login(taken)
    owner_client = type(client)()

    with django_capture_on_commit_callbacks(execute=True):
        response = signup(owner_client, europe, union, password=OWNER_PASSWORD, name="Nadia Owner")
    assert (response.status_code, response.url) == (302, "/accounts/confirm-email/")
    assert not User.objects.filter(pk=taken.pk).exists()
    assert [message.to for message in mail.outbox] == [[NOMINEE]]
    confirm = CONFIRM_LINK.search(mail.outbox[0].body).group(1)
    owner_client.post(confirm)
    response = owner_client.post("/accounts/login/", {"login": NOMINEE, "password": OWNER_PASSWORD})
    assert response.status_code == 302

    owner = User.objects.get(email=NOMINEE)
    assert owner.full_name == "Nadia Owner"
    assert ConsentRecord.objects.filter(user=owner).count() == 1
    assert verified_account_for(NOMINEE) == owner
    enrolment = apply(owner, curators)
    assert enrolment.nomination.email == NOMINEE
    # The squatter's session and password are worth nothing now.
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("lms:profile")).status_code == 302
    assert not owner.check_password(PASSWORD)


def test_the_owner_resetting_the_password_is_sent_to_sign_up(
    client, curators, europe, union, django_capture_on_commit_callbacks
):
    squatter(client, europe, union, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        response = type(client)().post("/accounts/password/reset/", {"email": NOMINEE})
    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [[NOMINEE]]
    body = mail.outbox[0].body
    assert RESET_LINK.search(body) is None
    assert "http://testserver/accounts/signup/" in body
    assert f"with email {NOMINEE}." in " ".join(body.split())


def test_a_verified_account_is_never_replaced_by_a_sign_up(
    client, europe, union, django_capture_on_commit_callbacks
):
    person = UserFactory(email=NOMINEE, full_name="Nadia Real")
    with django_capture_on_commit_callbacks(execute=True):
        response = signup(client, europe, union, password=OWNER_PASSWORD)
    assert (response.status_code, response.url) == (302, "/accounts/confirm-email/")
    assert list(User.objects.filter(email=NOMINEE).values_list("pk", "full_name")) == [
        (person.pk, "Nadia Real")
    ]
    assert User.objects.get(pk=person.pk).check_password(PASSWORD)


def test_an_account_made_by_an_administrator_is_not_replaced(
    client, europe, union, django_capture_on_commit_callbacks
):
    made = UserFactory(email=NOMINEE, full_name="Made By Admin", verified=False)
    EmailAddress.objects.create(user=made, email=NOMINEE, verified=False, primary=True)
    with django_capture_on_commit_callbacks(execute=True):
        signup(client, europe, union)
    assert list(User.objects.filter(email=NOMINEE).values_list("pk", flat=True)) == [made.pk]


def test_the_nomination_e_mail_does_not_greet_the_squatter(
    client, curriculum, europe, union, django_capture_on_commit_callbacks
):
    squatter(client, europe, union, django_capture_on_commit_callbacks)
    cohort = open_cohort(curriculum.tracks["curators"], region=europe, slug="curators-two")
    coordinator = staff_user(StaffRole.COORDINATOR, europe)
    with django_capture_on_commit_callbacks(execute=True):
        nomination_create(cohort=cohort, email=NOMINEE, full_name="Nadia Nominee", by=coordinator)
    body = mail.outbox[0].body
    assert "Sam Squatter" not in body
    assert "Nadia Nominee" in body
    assert "http://testserver/accounts/signup/?email=nadia.nominee%40example.org" in body


def test_an_unverified_member_is_neither_offered_as_contact_nor_nominates(
    client, curators, europe, union
):
    verified = UserFactory(full_name="Vera Verified", union=union, region=europe)
    unverified = UserFactory(full_name="Una Unverified", union=union, region=europe, verified=False)
    EmailAddress.objects.create(user=unverified, email=unverified.email, verified=False)
    admin = staff_user(StaffRole.PROGRAMME_ADMIN)
    client.force_login(admin)
    offered = client.get(reverse("unions:edit", args=[union.pk])).context["form"]
    assert list(offered.fields["contacts"].queryset) == [verified]

    union.contacts.add(unverified)
    client.force_login(unverified)
    nominate = reverse("catalogue:nominate", args=[curators.slug])
    assert client.get(nominate).status_code == 404


def test_roles_and_make_up_guests_are_given_only_to_verified_addresses(curators):
    from cohorts.forms_attendance import MakeupGuestForm
    from lms.admin_roles import RoleAssignmentForm

    unverified = UserFactory(email="una@example.org", verified=False)
    EmailAddress.objects.create(user=unverified, email=unverified.email, verified=False)
    problem = "Nobody has an account with this address, or it has not been confirmed yet."

    form = RoleAssignmentForm(
        data={"email": "una@example.org", "role": StaffRole.FACILITATOR, "region": ""}
    )
    assert form.errors["email"] == [problem]
    guest = MakeupGuestForm(data={"email": "una@example.org", "status": "present"})
    assert guest.errors["email"] == [problem]

    EmailAddress.objects.filter(user=unverified).update(verified=True)
    assert MakeupGuestForm(data={"email": "una@example.org", "status": "present"}).is_valid()


def test_a_report_line_matches_only_a_verified_address(curriculum, europe):
    from cohorts.domain.attendance_import import _match, _register_index
    from tests.factories.cohorts import participant

    cohort = open_cohort(curriculum.tracks["leaders"], region=europe, slug="leaders-europe")
    confirmed = participant(cohort, email="kept@example.org", full_name="Kept Person").user
    unconfirmed = participant(cohort, email="claimed@example.org", full_name="Claimed").user
    EmailAddress.objects.filter(user=unconfirmed).update(verified=False)
    index = _register_index(cohort.sessions.order_by("starts_at").first())
    assert _match({"email": "kept@example.org", "name": "X"}, index) == confirmed.pk
    assert index.by_email == {"kept@example.org": confirmed.pk}


# --- Item 3: sign-up does the same work for a new and for a taken address ------------


def test_sign_up_does_the_same_work_whatever_the_address(
    client, europe, union, django_capture_on_commit_callbacks
):
    UserFactory(email="taken@example.org")
    hasher = get_hasher()
    results = {}
    for email in ("new@example.org", "taken@example.org"):
        before = OutboxMessage.objects.count()
        with (
            mock.patch.object(
                type(hasher), "encode", autospec=True, side_effect=hasher.encode.__func__
            ) as encode,
            mock.patch("django.core.mail.backends.locmem.EmailBackend.send_messages") as sent,
            django_capture_on_commit_callbacks(execute=False) as queued,
        ):
            response = type(client)().post(
                "/accounts/signup/",
                {
                    "email": email,
                    "password1": PASSWORD,
                    "password2": PASSWORD,
                    "full_name": "Somebody",
                    "preferred_language": "en",
                    "time_zone": "UTC",
                    "region": str(europe.pk),
                    "union": str(union.pk),
                    "union_role": UnionRole.ACTIVIST,
                    "privacy_consent": "on",
                },
            )
        results[email] = (
            response.status_code,
            response.url,
            encode.call_count,
            OutboxMessage.objects.count() - before,
            sent.call_count,
            len(queued),
        )
    assert results == {
        "new@example.org": (302, "/accounts/confirm-email/", 1, 1, 0, 1),
        "taken@example.org": (302, "/accounts/confirm-email/", 1, 1, 0, 1),
    }
    subjects = list(OutboxMessage.objects.order_by("id").values_list("to", "subject"))
    assert subjects == [
        ("new@example.org", "Please Confirm Your Email Address"),
        ("taken@example.org", "Account Already Exists"),
    ]


def test_the_owner_gets_a_confirmation_even_right_after_the_squatter(
    client, europe, union, django_capture_on_commit_callbacks, settings
):
    """allauth sends one confirmation per address every three minutes; the replaced sign-up
    used it up, and the owner signing up a minute later must still get theirs."""
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
    from django.core.cache import cache

    cache.clear()
    squatter(client, europe, union, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        signup(type(client)(), europe, union, password=OWNER_PASSWORD, name="Nadia Owner")
    assert [message.to for message in mail.outbox] == [[NOMINEE]]
    assert CONFIRM_LINK.search(mail.outbox[0].body) is not None
    cache.clear()
