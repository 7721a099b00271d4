"""One way to sign in: every view that checks a password is allauth's or is limited.

The first test walks the URL resolver (every pattern the site answers, as mounted), finds
the views that check a password by reading their code and their forms' code, and
classifies each: allauth's own (rate-limited by allauth), ours limited by
`password_attempts_limited`, or a redirect to allauth's page. An unclassified one fails.
The others switch the rate limits on (the test settings turn them off) and show that the
sixth wrong password is refused on every such path, the right one included.
"""

import inspect
import re
import textwrap
import uuid

import pytest
from django import forms
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import Resolver404
from wagtail.documents.models import Document
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from lms.enums import StaffRole
from lms.models import StandardPage, User
from tests.factories import UserFactory, staff_user
from tests.factories.people import PASSWORD

WRONG = "not the password at all"
RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "reauthenticate": "10/m/ip,5/5m/user",
    "change_password": "10/m/ip,5/5m/user",
    "view_restriction_password_failed": "10/m/ip,5/5m/key",
    "account_delete_password_failed": "10/m/ip,5/5m/user",
}

# What checking a password looks like in code: Django's and allauth's authentication
# calls, password comparisons, and the forms that make them.
CHECKS_A_PASSWORD = re.compile(
    r"\b(authenticate|check_password|reauthenticate)\s*\(|"
    r"constant_time_compare\([^)]*password|AuthenticationForm|PasswordChangeForm"
)


def _leaf_patterns(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _leaf_patterns(entry, route)
        elif isinstance(entry, URLPattern):
            yield route, entry


def _example_path(route):
    """A path that the route matches, or None for regular expressions (served as mounted)."""
    if route.startswith("^") or "(?" in route or "\\" in route:
        return None
    values = {"int": "1", "str": "x", "slug": "x", "path": "x", "uuid": str(uuid.uuid4())}
    path = re.sub(
        r"<(?:(\w+):)?\w+>", lambda match: values.get(match.group(1) or "str", "x"), route
    )
    return "/" + path.lstrip("^").rstrip("$")


def _unwrapped(callback):
    seen = [callback]
    while hasattr(seen[-1], "__wrapped__"):
        seen.append(seen[-1].__wrapped__)
    return seen


def _source(thing):
    try:
        return textwrap.dedent(inspect.getsource(thing))
    except (OSError, TypeError):
        return ""


def _form_classes(function):
    names = set(function.__code__.co_names)
    for const in function.__code__.co_consts:
        if inspect.iscode(const):
            names |= set(const.co_names)
    for name in names:
        value = function.__globals__.get(name)
        if inspect.isclass(value) and issubclass(value, forms.BaseForm):
            yield value


def _code_of(callback):
    """The source of the view and of every form it uses, as far as can be read."""
    parts = []
    for layer in _unwrapped(callback):
        view_class = getattr(layer, "view_class", None)
        if view_class is not None:
            for klass in view_class.__mro__:
                parts.append(_source(klass))
            form_class = getattr(layer, "view_initkwargs", {}).get("form_class") or getattr(
                view_class, "form_class", None
            )
            if form_class is not None:
                parts.extend(_source(klass) for klass in form_class.__mro__)
        elif inspect.isfunction(layer):
            parts.append(_source(layer))
            for form_class in _form_classes(layer):
                parts.extend(_source(klass) for klass in form_class.__mro__)
    return "\n".join(parts)


def _classification(callback):
    layers = _unwrapped(callback)
    if any(getattr(layer, "redirects_to_sign_in", False) for layer in layers):
        return "redirects to allauth"
    if getattr(callback, "password_attempts_limited", None):
        return "limited"
    view_class = getattr(callback, "view_class", None)
    module = (view_class or layers[-1]).__module__
    if module.split(".")[0] == "allauth":
        return "allauth"
    return "unclassified"


def password_checking_views():
    """{route: (classification, view name)} for every reachable view that checks a password."""
    found = {}
    for route, pattern in _leaf_patterns():
        example = _example_path(route)
        if example is not None:
            try:
                if resolve(example).func is not pattern.callback:
                    continue  # shadowed by an earlier pattern: never answers
            except Resolver404:
                pass
        if CHECKS_A_PASSWORD.search(_code_of(pattern.callback)):
            found[route] = (_classification(pattern.callback), pattern.name)
    return found


def test_every_view_that_checks_a_password_is_allauths_or_limited(db):
    found = password_checking_views()
    unclassified = {route: name for route, (kind, name) in found.items() if kind == "unclassified"}
    assert unclassified == {}
    assert {name: kind for kind, name in found.values()} == {
        "account_login": "allauth",
        "account_reauthenticate": "allauth",
        "account_change_password": "allauth",
        "wagtailcore_authenticate_with_password": "limited",
        "wagtaildocs_authenticate_with_password": "limited",
        "delete": "limited",
    }


def test_the_scanner_sees_django_and_wagtail_login_views_when_they_are_mounted():
    from django.contrib.auth.views import LoginView
    from wagtail import views as wagtail_views

    assert CHECKS_A_PASSWORD.search(_code_of(LoginView.as_view()))
    assert _classification(LoginView.as_view()) == "unclassified"
    assert CHECKS_A_PASSWORD.search(_code_of(wagtail_views.authenticate_with_password))
    assert _classification(wagtail_views.authenticate_with_password) == "unclassified"


def test_wagtails_login_page_sends_people_to_the_one_sign_in_page(client, db):
    person = UserFactory()
    response = client.get("/_util/login/?next=/programme/")
    assert (response.status_code, response.url) == (302, "/accounts/login/?next=/programme/")
    response = client.post("/_util/login/", {"username": person.email, "password": PASSWORD})
    assert (response.status_code, response.url) == (302, "/accounts/login/")
    assert "_auth_user_id" not in client.session
    response = client.get("/_util/login/?next=https://elsewhere.example.net/")
    assert response.url == "/accounts/login/"
    assert reverse("wagtailcore_login") == "/_util/login/"


def test_an_unverified_account_cannot_sign_in_anywhere(client, db):
    person = UserFactory(verified=False)
    for path in ("/_util/login/", "/admin/login/"):
        client.post(path, {"username": person.email, "password": PASSWORD})
        assert "_auth_user_id" not in client.session
    response = client.post("/accounts/login/", {"login": person.email, "password": PASSWORD})
    assert (response.status_code, response.url) == (302, "/accounts/confirm-email/")
    assert "_auth_user_id" not in client.session


def test_a_private_page_asks_for_sign_in_on_allauths_page(client, curriculum):
    page = curriculum.home.add_child(instance=StandardPage(title="Members", slug="members"))
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    response = client.get("/members/", follow=True)
    assert response.redirect_chain == [
        ("/_util/login/?next=/members/", 302),
        ("/accounts/login/?next=/members/", 302),
    ]
    assert response.status_code == 200


def test_someone_signed_in_whom_the_admin_refuses_is_told_so_without_a_loop(client, db):
    person = UserFactory(email="member@example.org")
    client.force_login(person)
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain == [("/accounts/login/?next=/admin/", 302)]
    assert response.status_code == 403
    page = response.content.decode()
    assert "<h1>Not open to your account</h1>" in page
    assert "You are signed in as member@example.org." in page
    assert 'value="/accounts/login/?next=/admin/"' in page
    # Anywhere else, a signed-in person at the sign-in page goes on where `next` says.
    response = client.get("/accounts/login/?next=/my-cohorts/")
    assert (response.status_code, response.url) == (302, "/my-cohorts/")
    assert "_auth_user_id" in client.session


def test_a_group_only_page_tells_a_signed_in_outsider_so(client, curriculum):
    from django.contrib.auth.models import Group

    page = curriculum.home.add_child(instance=StandardPage(title="Board", slug="board-only"))
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.create(name="Board members"))
    client.force_login(UserFactory())
    response = client.get("/board-only/", follow=True)
    assert response.redirect_chain == [("/_util/login/?next=/board-only/", 302)]
    assert response.status_code == 403


def _refused_after_five(client, post, *, signed_in):
    """Five wrong passwords are answered; the sixth, even the right one, is refused."""
    for _ in range(5):
        response = post(WRONG)
        assert response.status_code == 200
    response = post(PASSWORD)
    assert signed_in() is False
    return response


@pytest.fixture
def rate_limits_on(settings):
    settings.ACCOUNT_RATE_LIMITS = RATE_LIMITS
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def test_the_sixth_wrong_password_is_refused_at_sign_in(client, db, rate_limits_on):
    person = UserFactory()

    def post(password):
        return client.post("/accounts/login/", {"login": person.email, "password": password})

    response = _refused_after_five(
        client, post, signed_in=lambda: "_auth_user_id" in client.session
    )
    assert response.status_code == 200
    assert "Too many failed login attempts" in response.content.decode()


def password_page(curriculum):
    """A page at /board/ behind the shared password PASSWORD, and the URL its form posts to."""
    page = curriculum.home.add_child(instance=StandardPage(title="Board", slug="board"))
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password=PASSWORD
    )
    return restriction, reverse(
        "wagtailcore_authenticate_with_password", args=[restriction.pk, page.pk]
    )


def passed(client, restriction):
    """Whether `client`'s session has been let past `restriction` (Wagtail keeps the ids)."""
    return restriction.pk in client.session.get("wagtail_passed_restrictions", [])


def test_the_sixth_wrong_page_password_is_refused(client, curriculum, rate_limits_on):
    restriction, url = password_page(curriculum)

    def post(password):
        return client.post(url, {"password": password, "return_url": "/board/"})

    response = _refused_after_five(
        client,
        post,
        signed_in=lambda: passed(client, restriction),
    )
    assert response.status_code == 429
    assert "<h1>Too many attempts</h1>" in response.content.decode()
    assert client.get("/board/").status_code == 200
    assert b'type="password"' in client.get("/board/").content

    # Another member of the cohort, from their own address, is not locked out by it.
    neighbour = Client(REMOTE_ADDR="198.51.100.7")
    response = neighbour.post(url, {"password": PASSWORD, "return_url": "/board/"})
    assert (response.status_code, response.url) == (302, "/board/")
    assert neighbour.get("/board/").status_code == 200
    assert b'type="password"' not in neighbour.get("/board/").content


def test_many_visitors_guessing_a_page_password_are_stopped_too(
    client, curriculum, rate_limits_on, settings
):
    settings.ACCOUNT_RATE_LIMITS = {
        **RATE_LIMITS,
        "view_restriction_password_failed_all": "8/5m/key",
    }
    _, url = password_page(curriculum)
    answers = [
        Client(REMOTE_ADDR=f"198.51.100.{number}")
        .post(url, {"password": WRONG, "return_url": "/board/"})
        .status_code
        for number in range(1, 11)
    ]
    assert answers == [200] * 8 + [429] * 2


def test_the_page_password_form_is_the_sites_own_page(client, curriculum):
    _, url = password_page(curriculum)
    shown = client.get("/board/", headers={"accept-language": "es"}).content.decode()
    assert '<meta name="viewport"' in shown
    assert "<h1>Se necesita una contraseña</h1>" in shown
    assert 'autocomplete="off"' in shown
    wrong = client.post(url, {"password": WRONG, "return_url": "/board/"}).content.decode()
    assert "That password is not correct." in wrong
    assert 'aria-invalid="true"' in wrong


def test_the_sixth_wrong_document_password_is_refused(client, db, rate_limits_on):
    collection = Collection.get_first_root_node().add_child(name="Board papers")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection,
        restriction_type=CollectionViewRestriction.PASSWORD,
        password=PASSWORD,
    )
    Document.objects.create(title="Minutes", collection=collection, file="minutes.pdf")
    url = reverse("wagtaildocs_authenticate_with_password", args=[restriction.pk])

    def post(password):
        return client.post(url, {"password": password, "return_url": "/documents/"})

    response = _refused_after_five(
        client,
        post,
        signed_in=lambda: passed(client, restriction),
    )
    assert response.status_code == 429


def test_the_sixth_wrong_password_is_refused_when_deleting_the_account(client, db, rate_limits_on):
    person = UserFactory()
    client.force_login(person)

    def post(password):
        return client.post(reverse("lms:delete"), {"password": password})

    response = _refused_after_five(
        client, post, signed_in=lambda: not User.objects.filter(pk=person.pk).exists()
    )
    assert response.status_code == 429


def test_the_sixth_wrong_current_password_is_refused_on_password_change(client, db, rate_limits_on):
    person = UserFactory()
    client.force_login(person)

    def post(password):
        return client.post(
            reverse("account_change_password"),
            {
                "oldpassword": password,
                "password1": "a new long passphrase 7",
                "password2": "a new long passphrase 7",
            },
        )

    response = _refused_after_five(
        client,
        post,
        signed_in=lambda: User.objects.get(pk=person.pk).check_password("a new long passphrase 7"),
    )
    assert response.status_code == 429


def test_the_sixth_wrong_password_is_refused_on_reauthentication(client, db, rate_limits_on):
    person = UserFactory()
    client.force_login(person)
    methods_before = list(client.session.get("account_authentication_methods", []))

    def post(password):
        return client.post(reverse("account_reauthenticate"), {"password": password})

    response = _refused_after_five(
        client,
        post,
        signed_in=lambda: (
            client.session.get("account_authentication_methods", []) != methods_before
        ),
    )
    assert response.status_code == 429


def test_limits_per_ip_count_the_clients_address_behind_the_proxy(
    client, db, rate_limits_on, settings
):
    """Ten people of one cohort mistyping at the start of a seminar, all through one proxy:
    with the proxy trusted, each is counted on their own address and nobody is locked out."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    people = UserFactory.create_batch(11)
    for number, person in enumerate(people[:10]):
        response = client.post(
            "/accounts/login/",
            {"login": person.email, "password": WRONG},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{number + 1}",
        )
        assert response.status_code == 200
    response = client.post(
        "/accounts/login/",
        {"login": people[10].email, "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.11",
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(people[10].pk)


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(client, db, rate_limits_on):
    """Not behind a proxy, a client cannot dodge the per-IP limit by inventing the header."""
    people = UserFactory.create_batch(11)
    for number, person in enumerate(people[:10]):
        client.post(
            "/accounts/login/",
            {"login": person.email, "password": WRONG},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{number + 1}",
        )
    response = client.post(
        "/accounts/login/",
        {"login": people[10].email, "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.11",
    )
    assert response.status_code == 200
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_admin_has_no_password_form_of_its_own(client, db):
    person = staff_user(StaffRole.PROGRAMME_ADMIN)
    client.force_login(person)
    response = client.get(reverse("wagtailadmin_account"))
    assert response.status_code == 200
    assert 'type="password"' not in response.content.decode()
