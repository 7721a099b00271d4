"""What stays private: no shared cache keeps signed-in pages; erasure leaves no audit trail."""

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import ModelLogEntry

from lms.domain.people import person_erase
from lms.models import User, UserSession
from tests.factories import UserFactory
from tests.factories.people import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/", "/programme/", "/search/?q=seminar", "/accounts/profile/"])
def test_signed_in_pages_are_private_to_caches(client, curriculum, url):
    user = UserFactory()
    assert client.login(email=user.email, password=PASSWORD)
    response = client.get(url)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]


def test_profile_is_never_cached(client):
    user = UserFactory()
    assert client.login(email=user.email, password=PASSWORD)
    cache_control = client.get(reverse("lms:profile"))["Cache-Control"]
    assert {"no-cache", "no-store", "must-revalidate", "private"} <= {
        part.split("=")[0].strip() for part in cache_control.split(",")
    }


def test_visitors_pages_stay_cacheable(client, curriculum):
    assert "private" not in client.get("/programme/").get("Cache-Control", "")


def test_erasure_removes_audit_entries_about_the_person(client):
    admin = User.objects.create_superuser(
        email="root@example.org", password=PASSWORD, full_name="R"
    )
    person = UserFactory(full_name="Karim Haddad")
    assert client.login(email=admin.email, password=PASSWORD)
    client.post(
        reverse("wagtailusers_users:edit", args=[person.pk]),
        {
            "email": person.email,
            "full_name": "Karim Haddad",
            "region": person.region_id,
            "union": "",
            "union_role": "activist",
            "preferred_language": "en",
            "is_active": "on",
            "password1": "",
            "password2": "",
        },
    )
    assert ModelLogEntry.objects.filter(label="Karim Haddad").count() == 1
    client.logout()
    assert client.login(email=person.email, password=PASSWORD)
    client.post(reverse("lms:delete"), {"password": PASSWORD})
    assert not User.objects.filter(pk=person.pk).exists()
    assert ModelLogEntry.objects.filter(label="Karim Haddad").count() == 0


def test_consents_can_be_given_and_withdrawn_with_history_kept(client):
    from lms.models import ConsentRecord

    user = UserFactory()
    assert client.login(email=user.email, password=PASSWORD)
    url = reverse("lms:consents")
    assert client.post(url, {"recording": "on"}).status_code == 302
    assert client.post(url, {"recording": "on"}).status_code == 302  # unchanged: no new record
    assert client.post(url, {}).status_code == 302
    history = list(
        ConsentRecord.objects.filter(user=user).order_by("id").values_list("purpose", "granted")
    )
    assert history == [
        ("recording", True),
        ("programme_news", False),
        ("recording", False),
    ]
    page = client.get(reverse("lms:profile")).content.decode()
    assert "Being recorded in seminars: refused" in page


def test_consent_page_requires_sign_in_and_post(client):
    from lms.models import ConsentRecord

    url = reverse("lms:consents")
    response = client.post(url, {"recording": "on"})
    assert (response.status_code, response.url) == (302, f"/accounts/login/?next={url}")
    assert ConsentRecord.objects.count() == 0
    user = UserFactory()
    assert client.login(email=user.email, password=PASSWORD)
    assert client.get(url).status_code == 405


def test_export_lists_calendar_links_without_their_secret(client):
    import json

    from cohorts.domain.calendar_tokens import calendar_token_issue, calendar_token_revoke

    user = UserFactory()
    first = calendar_token_issue(user=user)
    calendar_token_revoke(user=user)
    second = calendar_token_issue(user=user)
    assert client.login(email=user.email, password=PASSWORD)
    body = client.post(reverse("lms:export")).content.decode()
    assert first not in body and second not in body
    links = json.loads(body)["calendar_links"]
    assert [link["revoked_at"] is None for link in links] == [False, True]


def test_erasure_ends_every_session_of_the_person():
    person, other = UserFactory(), UserFactory()
    phone, laptop, others = Client(), Client(), Client()
    phone.force_login(person)
    laptop.force_login(person)
    others.force_login(other)
    assert UserSession.objects.filter(user_id=person.pk).count() == 2

    person_erase(user=person)
    assert UserSession.objects.filter(user_id=person.pk).count() == 0
    assert list(UserSession.objects.values_list("user_id", flat=True)) == [other.pk]
    assert phone.get("/accounts/profile/").status_code == 302
    assert others.get("/accounts/profile/").status_code == 200
