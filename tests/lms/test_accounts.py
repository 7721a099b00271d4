"""A participant's account, end to end through the real views.

Sign-up with the profile and privacy consent, e-mail verification, sign-in,
password reset, profile editing, data export, erasure, and the language and
time zone a signed-in person gets. Everything goes through Django's test
client, the real database and the locmem e-mail outbox.
"""

import json
import logging
import re
from unittest import mock

import pytest
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.serializers.json import DjangoJSONEncoder
from django.test import Client, RequestFactory
from django.utils import timezone, translation

from lms.domain.people import PRIVACY_NOTICE_VERSION, person_record_consent
from lms.enums import ConsentPurpose, UnionRole
from lms.middleware import UserTimezoneMiddleware
from lms.models import ConsentRecord, OutboxMessage, User
from tests.factories import RegionFactory, UnionFactory, UserFactory
from tests.factories.people import PASSWORD

pytestmark = pytest.mark.django_db

SIGNUP_URL = "/accounts/signup/"
LOGIN_URL = "/accounts/login/"
PROFILE_URL = "/accounts/profile/"
EXPORT_URL = "/accounts/profile/export/"
DELETE_URL = "/accounts/profile/delete/"
RESET_URL = "/accounts/password/reset/"
VERIFICATION_SENT_URL = "/accounts/confirm-email/"
NEW_PASSWORD = "violet lantern across the quiet harbour"

CONFIRM_LINK = re.compile(r"http://testserver(/accounts/confirm-email/[^/\s]+/)")
CONSENT_REQUIRED = "You need to agree to the privacy notice to create an account."
INVALID_CHOICE = "Select a valid choice. That choice is not one of the available choices."

RESET_LINK = re.compile(r"http://testserver(/accounts/password/reset/key/[^/\s]+/)")


@pytest.fixture
def region(db):
    return RegionFactory(name="Africa", slug="africa")


@pytest.fixture
def other_region(db):
    return RegionFactory(name="Asia and Pacific", slug="asia-pacific")


@pytest.fixture
def union(region):
    return UnionFactory(name="Kenya Union of Civil Servants", acronym="KUCS", region=region)


@pytest.fixture
def foreign_union(other_region):
    return UnionFactory(
        name="Public Services Union of Nepal", acronym="PSUN", country="NP", region=other_region
    )


@pytest.fixture
def member(region, union):
    return UserFactory(
        email="amina@example.org",
        full_name="Amina Wanjiru Otieno",
        region=region,
        union=union,
        union_role=UnionRole.WORKPLACE_REPRESENTATIVE,
        time_zone="Africa/Nairobi",
    )


def signup_data(region, union, /, **overrides):
    data = {
        "email": "Grace.Achieng@Example.org",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "full_name": "Grace Achieng Odhiambo",
        "preferred_language": "fr",
        "time_zone": "Africa/Nairobi",
        "region": str(region.pk),
        "union": str(union.pk),
        "union_role": UnionRole.LEADER,
        "privacy_consent": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def profile_data(user, **overrides):
    data = {
        "full_name": user.full_name,
        "preferred_name": user.preferred_name,
        "preferred_language": user.preferred_language,
        "time_zone": user.time_zone,
        "region": str(user.region_id) if user.region_id else "",
        "union": str(user.union_id) if user.union_id else "",
        "union_role": user.union_role,
        "interpretation_needs": user.interpretation_needs,
        "accessibility_needs": user.accessibility_needs,
    }
    data.update(overrides)
    return data


def profile_snapshot(user):
    return User.objects.filter(pk=user.pk).values(
        "full_name",
        "preferred_name",
        "preferred_language",
        "time_zone",
        "region_id",
        "union_id",
        "union_role",
        "interpretation_needs",
        "accessibility_needs",
    )[0]


def sign_in(client, email, password):
    return client.post(LOGIN_URL, {"login": email, "password": password})


def only_link(pattern, message):
    links = pattern.findall(message.body)
    assert len(set(links)) == 1, message.body
    return links[0]


def html(response):
    return response.content.decode()


def without_csrf_tokens(response):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html(response))


def messages_on(response):
    return [str(message) for message in response.context["messages"]]


# --- Sign-up, verification and sign-in -------------------------------------------


def test_signup_verify_and_sign_in(client, region, union, django_capture_on_commit_callbacks):
    # Account e-mails are recorded in the outbox and sent once the request commits.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SIGNUP_URL, signup_data(region, union))

    assert response.status_code == 302
    assert response["Location"] == VERIFICATION_SENT_URL

    user = User.objects.get()
    assert user.email == "grace.achieng@example.org"
    assert user.full_name == "Grace Achieng Odhiambo"
    assert user.preferred_language == "fr"
    assert user.time_zone == "Africa/Nairobi"
    assert user.region == region
    assert user.union == union
    assert user.union_role == UnionRole.LEADER
    assert user.is_staff is False
    assert user.is_superuser is False
    assert user.check_password(PASSWORD)

    assert list(
        ConsentRecord.objects.values_list("user_id", "purpose", "granted", "notice_version")
    ) == [(user.pk, ConsentPurpose.PRIVACY_NOTICE, True, PRIVACY_NOTICE_VERSION)]
    assert list(EmailAddress.objects.values_list("user_id", "email", "verified", "primary")) == [
        (user.pk, "grace.achieng@example.org", False, True)
    ]

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["grace.achieng@example.org"]
    # Account e-mails go out in the person's preferred language and name the platform.
    assert mail.outbox[0].subject == "Confirmez votre adresse e-mail"
    assert "Digital Rights Union Academy" in mail.outbox[0].body
    assert "testserver!" not in mail.outbox[0].body
    confirm_path = only_link(CONFIRM_LINK, mail.outbox[0])

    # Not verified yet: signing in leads back to "we sent you an e-mail".
    visitor = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_in(visitor, "grace.achieng@example.org", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == VERIFICATION_SENT_URL
    assert "_auth_user_id" not in visitor.session
    assert visitor.get(PROFILE_URL)["Location"] == f"{LOGIN_URL}?next={PROFILE_URL}"
    # The attempt re-sends the verification e-mail, with a link that works too.
    assert [m.to for m in mail.outbox] == [["grace.achieng@example.org"]] * 2
    assert CONFIRM_LINK.search(mail.outbox[1].body) is not None

    # Following the link from the e-mail (a confirmation page, then its button).
    confirm_page = visitor.get(confirm_path)
    assert confirm_page.status_code == 200
    assert EmailAddress.objects.get().verified is False
    response = visitor.post(confirm_path)
    assert response.status_code == 302
    assert response["Location"] == LOGIN_URL
    assert EmailAddress.objects.get().verified is True
    assert "_auth_user_id" not in visitor.session

    browser = Client()
    response = sign_in(browser, "Grace.Achieng@example.org", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == PROFILE_URL
    assert browser.session["_auth_user_id"] == str(user.pk)
    page = browser.get(PROFILE_URL)
    assert page.status_code == 200
    assert page.context["user"] == user


def test_signup_requires_privacy_consent(client, region, union):
    response = client.post(SIGNUP_URL, signup_data(region, union, privacy_consent=None))

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "privacy_consent": ["You need to agree to the privacy notice to create an account."]
    }
    assert "You need to agree to the privacy notice to create an account." in html(response)
    assert User.objects.count() == 0
    assert ConsentRecord.objects.count() == 0
    assert EmailAddress.objects.count() == 0
    assert mail.outbox == []


def test_signup_refuses_unknown_time_zone(client, region, union):
    response = client.post(SIGNUP_URL, signup_data(region, union, time_zone="Mars/Olympus"))

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "time_zone": ["Select a valid choice. Mars/Olympus is not one of the available choices."]
    }
    assert User.objects.count() == 0
    assert ConsentRecord.objects.count() == 0
    assert mail.outbox == []


def test_signup_refuses_union_from_another_region(client, region, foreign_union):
    response = client.post(SIGNUP_URL, signup_data(region, foreign_union))

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "union": [
            "Public Services Union of Nepal (PSUN) belongs to the region Asia and Pacific; "
            "choose that region or another union."
        ]
    }
    assert "choose that region or another union." in html(response)
    assert User.objects.count() == 0
    assert ConsentRecord.objects.count() == 0
    assert EmailAddress.objects.count() == 0
    assert mail.outbox == []


def test_signup_with_existing_address_in_other_case_creates_nothing(
    client, member, region, union, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            SIGNUP_URL, signup_data(region, union, email="AMINA@Example.ORG", full_name="Impostor")
        )

    # allauth prevents account enumeration: same answer as a fresh sign-up, and
    # the owner of the address is told someone tried, rather than the visitor.
    assert response.status_code == 302
    assert response["Location"] == VERIFICATION_SENT_URL
    assert list(User.objects.values_list("email", "full_name")) == [
        ("amina@example.org", "Amina Wanjiru Otieno")
    ]
    assert ConsentRecord.objects.count() == 0
    assert list(EmailAddress.objects.values_list("user_id", "email")) == [
        (member.pk, "amina@example.org")
    ]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["amina@example.org"]
    assert mail.outbox[0].subject == "Account Already Exists"
    assert CONFIRM_LINK.search(mail.outbox[0].body) is None


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        ({"privacy_consent": "false"}, {"privacy_consent": [CONSENT_REQUIRED]}),
        ({"full_name": ""}, {"full_name": ["This field is required."]}),
        (
            {"full_name": "G" * 151},
            {"full_name": ["Ensure this value has at most 150 characters (it has 151)."]},
        ),
        ({"region": None}, {"region": ["This field is required."]}),
        ({"region": str(2**63)}, {"region": [INVALID_CHOICE]}),
        ({"union": "999999"}, {"union": [INVALID_CHOICE]}),
        (
            {"union_role": "general_secretary"},
            {
                "union_role": [
                    "Select a valid choice. general_secretary is not one of the available choices."
                ]
            },
        ),
        (
            {"password2": "something else entirely"},
            {"password2": ["You must type the same password each time."]},
        ),
    ],
    ids=[
        "consent-false",
        "no-full-name",
        "full-name-too-long",
        "no-region",
        "region-2**63",
        "missing-union",
        "unknown-union-role",
        "passwords-differ",
    ],
)
def test_signup_refuses_bad_input(client, region, union, overrides, errors):
    response = client.post(SIGNUP_URL, signup_data(region, union, **overrides))

    assert response.status_code == 200
    assert response.context["form"].errors == errors
    assert User.objects.count() == 0
    assert ConsentRecord.objects.count() == 0
    assert EmailAddress.objects.count() == 0
    assert mail.outbox == []


def test_signup_ignores_posted_privilege_fields(client, region, union):
    response = client.post(
        SIGNUP_URL,
        signup_data(
            region,
            union,
            is_staff="1",
            is_superuser="1",
            is_active="0",
            groups="1",
            email_verified="1",
        ),
    )

    assert response.status_code == 302
    assert response["Location"] == VERIFICATION_SENT_URL
    user = User.objects.get()
    assert (user.is_staff, user.is_superuser, user.is_active) == (False, False, True)
    assert list(user.groups.all()) == []
    assert list(user.user_permissions.all()) == []
    assert list(EmailAddress.objects.values_list("verified", flat=True)) == [False]


# --- Password reset --------------------------------------------------------------


def test_password_reset_by_e_mail_link(client, member, django_capture_on_commit_callbacks):
    other_device = Client()
    other_device.force_login(member)
    assert other_device.get(PROFILE_URL).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(RESET_URL, {"email": "Amina@example.org"})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/done/"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["amina@example.org"]
    assert mail.outbox[0].subject == "Password Reset Email"
    key_path = only_link(RESET_LINK, mail.outbox[0])

    # allauth moves the key from the URL into the session, then shows the form.
    response = client.get(key_path)
    assert response.status_code == 302
    set_password_path = response["Location"]
    assert (
        set_password_path
        == f"/accounts/password/reset/key/{user_pk_to_url_str(member)}-set-password/"
    )
    response = client.post(
        set_password_path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/key/done/"

    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)
    assert not member.check_password(PASSWORD)

    old = Client()
    response = sign_in(old, "amina@example.org", PASSWORD)
    assert response.status_code == 200
    assert "_auth_user_id" not in old.session

    new = Client()
    response = sign_in(new, "amina@example.org", NEW_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == PROFILE_URL
    assert new.session["_auth_user_id"] == str(member.pk)

    # A session opened with the old password elsewhere is over.
    assert other_device.get(PROFILE_URL)["Location"] == f"{LOGIN_URL}?next={PROFILE_URL}"

    # The link is single-use.
    response = Client().get(key_path, follow=True)
    assert response.status_code == 200
    assert response.context["token_fail"] is True


def test_password_reset_does_not_reveal_whether_an_account_exists(
    client, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(RESET_URL, {"email": "amina@example.org"})
        unknown = Client().post(RESET_URL, {"email": "nobody@example.org"})

    assert (known.status_code, known["Location"]) == (302, "/accounts/password/reset/done/")
    assert (unknown.status_code, unknown["Location"]) == (302, "/accounts/password/reset/done/")
    known_page = client.get(known["Location"])
    unknown_page = Client().get(unknown["Location"])
    assert known_page.status_code == unknown_page.status_code == 200
    assert without_csrf_tokens(known_page) == without_csrf_tokens(unknown_page)

    # Whoever owns the unknown address learns that it has no account; nobody
    # else learns anything, and no reset link goes there.
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["amina@example.org"], "Password Reset Email"),
        (["nobody@example.org"], "Unknown Account"),
    ]
    assert RESET_LINK.search(mail.outbox[0].body) is not None
    assert RESET_LINK.search(mail.outbox[1].body) is None


# --- Profile ---------------------------------------------------------------------


def test_profile_requires_sign_in(client):
    response = client.get(PROFILE_URL)
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN_URL}?next={PROFILE_URL}"

    response = client.post(PROFILE_URL, {"full_name": "Nobody"})
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN_URL}?next={PROFILE_URL}"


def test_profile_shows_the_person_and_their_consents(client, member):
    person_record_consent(user=member, purpose=ConsentPurpose.PRIVACY_NOTICE, granted=True)
    person_record_consent(user=member, purpose=ConsentPurpose.RECORDING, granted=True)
    person_record_consent(user=member, purpose=ConsentPurpose.RECORDING, granted=False)
    client.force_login(member)

    response = client.get(PROFILE_URL)

    assert response.status_code == 200
    assert response.context["form"].instance == member
    assert response.context["consents"] == [
        ("Processing of my data as the privacy notice describes", True),
        ("Being recorded in seminars", False),
    ]
    assert 'value="Amina Wanjiru Otieno"' in html(response)


def test_profile_saves_valid_changes(client, member, other_region, foreign_union):
    client.force_login(member)
    response = client.post(
        PROFILE_URL,
        profile_data(
            member,
            full_name="Amina W. Otieno",
            preferred_name="Amina",
            preferred_language="es",
            time_zone="Asia/Kathmandu",
            region=str(other_region.pk),
            union=str(foreign_union.pk),
            union_role=UnionRole.UNION_STAFF,
            interpretation_needs="Spanish",
            accessibility_needs="Captions, please.",
        ),
    )

    assert response.status_code == 302
    assert response["Location"] == PROFILE_URL
    assert profile_snapshot(member) == {
        "full_name": "Amina W. Otieno",
        "preferred_name": "Amina",
        "preferred_language": "es",
        "time_zone": "Asia/Kathmandu",
        "region_id": other_region.pk,
        "union_id": foreign_union.pk,
        "union_role": UnionRole.UNION_STAFF,
        "interpretation_needs": "Spanish",
        "accessibility_needs": "Captions, please.",
    }
    page = client.get(PROFILE_URL)
    # The page now speaks the language just chosen.
    assert '<html lang="es" dir="ltr">' in html(page)
    with translation.override("es"):
        assert messages_on(page) == [translation.gettext("Your profile has been saved.")]


def test_profile_ignores_posted_account_fields(client, member, region):
    other = UserFactory(email="other.person@example.org", region=region)
    client.force_login(member)

    response = client.post(
        PROFILE_URL,
        profile_data(
            member,
            full_name="Amina Otieno",
            email="other.person@example.org",
            is_staff="1",
            is_superuser="1",
            is_active="0",
            password="md5$$0",
            consents="1",
        ),
    )

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.full_name == "Amina Otieno"
    assert member.email == "amina@example.org"
    assert (member.is_staff, member.is_superuser, member.is_active) == (False, False, True)
    assert member.check_password(PASSWORD)
    assert list(member.groups.all()) == []
    assert ConsentRecord.objects.count() == 0
    other.refresh_from_db()
    assert other.email == "other.person@example.org"


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        (
            {"time_zone": "Mars/Olympus"},
            {
                "time_zone": [
                    "Select a valid choice. Mars/Olympus is not one of the available choices."
                ]
            },
        ),
        (
            {"full_name": "A" * 151},
            {"full_name": ["Ensure this value has at most 150 characters (it has 151)."]},
        ),
        (
            {"full_name": ""},
            {"full_name": ["This field is required."]},
        ),
        (
            {"region": ""},
            {"region": ["This field is required."]},
        ),
        (
            {"region": "999999"},
            {"region": ["Select a valid choice. That choice is not one of the available choices."]},
        ),
        (
            {"region": str(2**63)},
            {"region": ["Select a valid choice. That choice is not one of the available choices."]},
        ),
        (
            {"region": "africa"},
            {"region": ["Select a valid choice. That choice is not one of the available choices."]},
        ),
        (
            {"union": str(2**63)},
            {"union": ["Select a valid choice. That choice is not one of the available choices."]},
        ),
        (
            {"preferred_language": "xx"},
            {
                "preferred_language": [
                    "Select a valid choice. xx is not one of the available choices."
                ]
            },
        ),
        (
            {"accessibility_needs": "x" * 1001},
            {
                "accessibility_needs": [
                    "Ensure this value has at most 1000 characters (it has 1001)."
                ]
            },
        ),
    ],
    ids=[
        "unknown-time-zone",
        "full-name-too-long",
        "full-name-empty",
        "no-region",
        "missing-region",
        "region-2**63",
        "region-not-a-number",
        "union-2**63",
        "unknown-language",
        "accessibility-needs-too-long",
    ],
)
def test_profile_rejects_bad_input_and_changes_nothing(client, member, overrides, errors):
    before = profile_snapshot(member)
    client.force_login(member)

    response = client.post(PROFILE_URL, profile_data(member, **overrides))

    assert response.status_code == 200
    assert response.context["form"].errors == errors
    field = next(iter(errors))
    assert f'id="id_{field}_errors"' in html(response)
    assert profile_snapshot(member) == before


def test_profile_rejects_union_from_another_region(client, member, foreign_union):
    before = profile_snapshot(member)
    client.force_login(member)

    response = client.post(PROFILE_URL, profile_data(member, union=str(foreign_union.pk)))

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "union": [
            "Public Services Union of Nepal (PSUN) belongs to the region Asia and Pacific; "
            "choose that region or another union."
        ]
    }
    assert profile_snapshot(member) == before


def test_profile_stores_markup_as_text_and_shows_it_escaped(client, member):
    client.force_login(member)
    payload = "<script>alert(1)</script>"

    response = client.post(
        PROFILE_URL,
        profile_data(
            member,
            preferred_name='"><img src=x onerror=alert(2)>',
            accessibility_needs=payload,
        ),
    )
    assert response.status_code == 302

    member.refresh_from_db()
    assert member.accessibility_needs == payload
    assert member.preferred_name == '"><img src=x onerror=alert(2)>'

    page = html(client.get(PROFILE_URL))
    assert "<script>" not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'value="&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"' in page


# --- Data export -----------------------------------------------------------------


def test_export_gives_the_person_their_own_data(client, member, region, union):
    other = UserFactory(email="other.person@example.org", full_name="Other Person", region=region)
    person_record_consent(user=other, purpose=ConsentPurpose.RECORDING, granted=True)
    privacy = person_record_consent(
        user=member, purpose=ConsentPurpose.PRIVACY_NOTICE, granted=True
    )
    news = person_record_consent(user=member, purpose=ConsentPurpose.PROGRAMME_NEWS, granted=False)
    client.force_login(member)

    response = client.post(EXPORT_URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    stamp = timezone.now().strftime("%Y%m%d")
    assert response["Content-Disposition"] == f'attachment; filename="my-data-{stamp}.json"'
    assert response["Cache-Control"] == "private, no-store"

    body = response.content.decode()
    assert "other.person@example.org" not in body
    assert "Other Person" not in body

    data = json.loads(body)
    assert sorted(data) == [
        "account",
        "apologies",
        "attendance",
        "calendar_links",
        "certificates",
        "consents",
        "email_addresses",
        "enrolments",
        "exported_at",
        "nominations",
        "practical_submissions",
        "recording_viewings",
        "roles",
    ]
    account = data["account"]
    assert sorted(account) == [
        "accessibility_needs",
        "date_joined",
        "email",
        "full_name",
        "interpretation_needs",
        "last_login",
        "preferred_language",
        "preferred_name",
        "region",
        "time_zone",
        "union",
        "union_role",
    ]
    assert account["email"] == "amina@example.org"
    assert account["full_name"] == "Amina Wanjiru Otieno"
    assert account["region"] == "Africa"
    assert account["union"] == "Kenya Union of Civil Servants (KUCS)"
    assert account["union_role"] == "representative"
    assert account["time_zone"] == "Africa/Nairobi"
    assert account["preferred_language"] == "en"
    assert data["email_addresses"] == [
        {"email": "amina@example.org", "verified": True, "primary": True}
    ]
    assert data["roles"] == []
    assert data["calendar_links"] == []
    encode = DjangoJSONEncoder().default
    assert data["consents"] == [
        {
            "purpose": "privacy_notice",
            "granted": True,
            "notice_version": PRIVACY_NOTICE_VERSION,
            "recorded_at": encode(privacy.recorded_at),
        },
        {
            "purpose": "programme_news",
            "granted": False,
            "notice_version": PRIVACY_NOTICE_VERSION,
            "recorded_at": encode(news.recorded_at),
        },
    ]


def test_export_is_post_only(client, member):
    client.force_login(member)
    response = client.get(EXPORT_URL)
    assert response.status_code == 405
    assert response["Allow"] == "POST"


def test_export_requires_sign_in(client, member):
    response = client.post(EXPORT_URL)
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN_URL}?next={EXPORT_URL}"


# --- Account deletion --------------------------------------------------------------


def test_delete_account_requires_sign_in(client):
    response = client.get(DELETE_URL)
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN_URL}?next={DELETE_URL}"


def test_delete_account_page_asks_for_the_password(client, member):
    client.force_login(member)

    response = client.get(DELETE_URL)
    assert response.status_code == 200
    assert list(response.context["form"].fields) == ["password"]
    assert 'type="password" name="password"' in html(response)

    response = client.post(DELETE_URL, {"password": ""})
    assert response.status_code == 200
    assert response.context["form"].errors == {"password": ["This field is required."]}
    assert list(User.objects.values_list("pk", flat=True)) == [member.pk]


def test_delete_account_with_wrong_password_deletes_nothing(
    client, member, django_capture_on_commit_callbacks
):
    person_record_consent(user=member, purpose=ConsentPurpose.PRIVACY_NOTICE, granted=True)
    client.force_login(member)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(DELETE_URL, {"password": "not my password"})

    assert response.status_code == 200
    assert response.context["form"].errors == {"password": ["That password is not correct."]}
    assert callbacks == []
    assert list(User.objects.values_list("pk", flat=True)) == [member.pk]
    assert ConsentRecord.objects.filter(user=member).count() == 1
    assert EmailAddress.objects.filter(user=member).count() == 1
    assert client.session["_auth_user_id"] == str(member.pk)
    assert mail.outbox == []


def test_delete_account_erases_the_person_and_tells_them(
    client, member, region, django_capture_on_commit_callbacks
):
    other = UserFactory(email="stays@example.org", region=region)
    person_record_consent(user=other, purpose=ConsentPurpose.PRIVACY_NOTICE, granted=True)
    person_record_consent(user=member, purpose=ConsentPurpose.PRIVACY_NOTICE, granted=True)
    person_record_consent(user=member, purpose=ConsentPurpose.RECORDING, granted=True)
    member_pk = member.pk
    client.force_login(member)
    other_device = Client()
    other_device.force_login(member)

    page = client.get(DELETE_URL)
    assert page.status_code == 200
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(DELETE_URL, {"password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert len(callbacks) == 1
    assert list(User.objects.values_list("email", flat=True)) == ["stays@example.org"]
    assert ConsentRecord.objects.filter(user_id=member_pk).count() == 0
    assert EmailAddress.objects.filter(user_id=member_pk).count() == 0
    assert EmailAddress.objects.filter(email__iexact="amina@example.org").count() == 0
    assert list(ConsentRecord.objects.values_list("user_id", flat=True)) == [other.pk]
    assert "_auth_user_id" not in client.session

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["amina@example.org"]
    assert mail.outbox[0].subject == "Your account has been deleted"
    assert mail.outbox[0].body == (
        "Your account on Digital Rights Union Academy and the data it held have been "
        "deleted, as you asked.\n\nIf you did not ask for this, reply to this message.\n\n"
    )

    # Told so on the next page, signed out everywhere, and the old
    # credentials open nothing.
    login_page = client.get(LOGIN_URL)
    assert messages_on(login_page) == ["Your account and your data have been deleted."]
    assert client.get(PROFILE_URL)["Location"] == f"{LOGIN_URL}?next={PROFILE_URL}"
    assert other_device.get(PROFILE_URL)["Location"] == f"{LOGIN_URL}?next={PROFILE_URL}"
    response = sign_in(Client(), "amina@example.org", PASSWORD)
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "__all__": ["The email address and/or password you specified are not correct."]
    }


def test_deleted_address_can_sign_up_again(
    client, member, region, union, django_capture_on_commit_callbacks
):
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(DELETE_URL, {"password": PASSWORD})
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(SIGNUP_URL, signup_data(region, union, email="amina@example.org"))

    assert response["Location"] == VERIFICATION_SENT_URL
    user = User.objects.get()
    assert user.pk != member.pk
    assert user.email == "amina@example.org"
    assert list(EmailAddress.objects.values_list("user_id", "verified")) == [(user.pk, False)]
    assert len(mail.outbox) == 1
    assert CONFIRM_LINK.search(mail.outbox[0].body) is not None


def test_delete_account_completes_when_the_notice_cannot_be_sent(
    client, member, django_capture_on_commit_callbacks, caplog
):
    client.force_login(member)

    with (
        mock.patch(
            "django.core.mail.backends.locmem.EmailBackend.send_messages",
            side_effect=ConnectionRefusedError("mail server down"),
        ) as send_messages,
        caplog.at_level(logging.ERROR),
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        response = client.post(DELETE_URL, {"password": PASSWORD})

    assert send_messages.call_count == 1
    assert len(callbacks) == 1
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert User.objects.count() == 0
    assert EmailAddress.objects.count() == 0
    assert "_auth_user_id" not in client.session
    assert mail.outbox == []
    # The notice waits in the outbox, the failure recorded, for the sweep to send.
    assert list(OutboxMessage.objects.values_list("to", "sent_at", "attempts", "last_error")) == [
        ("amina@example.org", None, 1, "mail server down")
    ]
    assert [r.levelname for r in caplog.records if r.name == "lms.jobs"] == ["ERROR"]


# --- Language and time zone ------------------------------------------------------


def test_interface_follows_preferred_language(client, member):
    member.preferred_language = "fr"
    member.save(update_fields=["preferred_language"])
    client.force_login(member)

    response = client.get(PROFILE_URL, headers={"accept-language": "ru"})

    assert response.status_code == 200
    assert '<html lang="fr" dir="ltr">' in html(response)
    assert response.context["LANGUAGE_CODE"] == "fr"
    assert response["Content-Language"] == "fr"


def test_language_cookie_overrides_preferred_language(client, member):
    member.preferred_language = "fr"
    member.save(update_fields=["preferred_language"])
    client.force_login(member)
    client.cookies["django_language"] = "es"

    response = client.get(PROFILE_URL)

    assert response.status_code == 200
    assert '<html lang="es" dir="ltr">' in html(response)


def test_saving_the_profile_drops_the_language_cookie(client, member):
    client.force_login(member)
    client.cookies["django_language"] = "es"

    response = client.post(PROFILE_URL, profile_data(member, preferred_language="ru"))

    assert response.status_code == 302
    assert response.cookies["django_language"].value == ""
    assert response.cookies["django_language"]["max-age"] == 0
    page = client.get(PROFILE_URL)
    assert '<html lang="ru" dir="ltr">' in html(page)


@pytest.mark.parametrize("cookie", ["", "de", "xx", "x" * 600])
def test_language_cookie_naming_no_site_language_is_ignored(client, member, cookie):
    member.preferred_language = "fr"
    member.save(update_fields=["preferred_language"])
    client.force_login(member)
    client.cookies["django_language"] = cookie

    response = client.get(PROFILE_URL, headers={"accept-language": "es"})

    assert response.status_code == 200
    assert '<html lang="fr" dir="ltr">' in html(response)


def test_visitor_gets_default_language(client):
    response = client.get(LOGIN_URL)
    assert response.status_code == 200
    assert '<html lang="en" dir="ltr">' in html(response)


def test_signed_in_person_gets_their_time_zone(client, member):
    client.force_login(member)
    response = client.get(PROFILE_URL)
    assert response.context["TIME_ZONE"] == "Africa/Nairobi"

    response = Client().get(LOGIN_URL)
    assert response.context["TIME_ZONE"] == "UTC"


def test_timezone_middleware(rf: RequestFactory, member):
    seen = []
    middleware = UserTimezoneMiddleware(
        lambda request: seen.append(timezone.get_current_timezone_name())
    )
    try:
        request = rf.get("/")
        request.user = member
        middleware(request)

        member.time_zone = "Not/AZone"
        middleware(request)

        request.user = AnonymousUser()
        timezone.activate("Asia/Tokyo")
        middleware(request)
    finally:
        timezone.deactivate()

    assert seen == ["Africa/Nairobi", "UTC", "UTC"]
