"""Participants' pages: applying, nominating, and their own cohorts at /my-cohorts/."""

import re
from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.html import escape

from cohorts import views_enrolment
from cohorts.domain.eligibility import eligibility_problem
from cohorts.domain.enrolment import enrolment_approve
from cohorts.enums import EnrolmentStatus
from cohorts.models import Cohort, Enrolment, Nomination
from lms.enums import StaffRole, UnionRole
from lms.models import ConsentRecord, OutboxMessage, User
from tests.factories import RegionFactory, UnionFactory, UserFactory, staff_user
from tests.factories.cohorts import EnrolmentFactory, open_cohort

pytestmark = pytest.mark.django_db

JOIN = "https://meet.example.org/private-room-31ab"
APPLY = "/cohorts/leaders-europe/apply/"
NOMINATE = "/cohorts/leaders-europe/nominate/"
DASHBOARD = "/my-cohorts/"
CLASH = re.compile(r"Seminar (\d) overlaps ([^<,]+), seminar (\d)\.")


@pytest.fixture
def europe():
    return RegionFactory(name="Europe", slug="europe")


@pytest.fixture
def union(europe):
    return UnionFactory(name="Transport Workers Europe", region=europe)


@pytest.fixture
def cohort(curriculum, europe):
    """Open leaders' cohort: seminars on 3 and 10 May next year, 10:00 in Madrid."""
    return open_cohort(
        curriculum.tracks["leaders"],
        title="Leaders Europe",
        slug="leaders-europe",
        region=europe,
        time_zone="Europe/Madrid",
        capacity=10,
        join_url=JOIN,
    )


@pytest.fixture
def person(europe, union):
    return UserFactory(
        email="ana@example.org",
        full_name="Ana Pérez",
        region=europe,
        union=union,
        union_role=UnionRole.LEADER,
    )


@pytest.fixture
def signed_in(client, person):
    client.force_login(person)
    return client


def form_data(europe, union, **changes):
    data = {
        "full_name": "Ana Pérez",
        "region": europe.pk,
        "union": union.pk,
        "union_role": UnionRole.LEADER,
        "preferred_language": "en",
        "time_zone": "Europe/Madrid",
        "interpretation_needs": "",
        "accessibility_needs": "",
        "commitment": "on",
        "recording_consent": "yes",
    }
    data.update(changes)
    return data


def offer(cohort, person, **open_for):
    """An open offer of a place in `cohort` to `person`, lasting `open_for` (a timedelta's)."""
    return EnrolmentFactory(
        cohort=cohort,
        user=person,
        status=EnrolmentStatus.OFFERED,
        offer_expires_at=timezone.now() + timedelta(**open_for),
    )


def enrolments():
    return list(Enrolment.objects.order_by("pk").values_list("cohort_id", "user_id", "status"))


# Applying -----------------------------------------------------------------------------


def test_applying_needs_a_signed_in_person(client, cohort):
    response = client.get(APPLY)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={APPLY}"
    response = client.post(APPLY, {"commitment": "on"})
    assert response.status_code == 302
    assert enrolments() == []


def test_the_apply_page_shows_the_form(signed_in, cohort):
    response = signed_in.get(APPLY)
    assert response.status_code == 200
    content = response.content.decode()
    for name in ("full_name", "union", "union_role", "time_zone", "commitment"):
        assert f'name="{name}"' in content
    assert content.count('name="recording_consent"') == 2
    assert JOIN not in content


def test_applying_creates_an_application_and_goes_to_my_cohorts(
    signed_in, cohort, person, europe, union, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(
            APPLY, form_data(europe, union, interpretation_needs="Spanish booth")
        )
    assert (response.status_code, response["Location"]) == (302, DASHBOARD)
    assert enrolments() == [(cohort.pk, person.pk, EnrolmentStatus.APPLIED)]
    enrolment = Enrolment.objects.get()
    assert (enrolment.commitment_confirmed, enrolment.recording_consent) == (True, True)
    assert User.objects.get(pk=person.pk).interpretation_needs == "Spanish booth"
    assert [m.to for m in mail.outbox] == [["ana@example.org"]]
    assert "Leaders Europe" in mail.outbox[0].subject


def test_fields_the_form_does_not_offer_are_ignored(
    signed_in, cohort, person, europe, union, django_capture_on_commit_callbacks
):
    other = UserFactory(email="other@example.org")
    data = form_data(
        europe,
        union,
        status="approved",
        user=other.pk,
        cohort=cohort.pk + 1,
        capacity=999,
        is_staff="on",
        is_superuser="on",
        decided_by=other.pk,
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(APPLY, data)
    assert response.status_code == 302
    assert enrolments() == [(cohort.pk, person.pk, EnrolmentStatus.APPLIED)]
    assert Enrolment.objects.get().decided_by is None
    assert Cohort.objects.get(pk=cohort.pk).capacity == 10
    assert list(
        User.objects.filter(pk__in=[person.pk, other.pk])
        .order_by("pk")
        .values_list("is_staff", "is_superuser")
    ) == [(False, False), (False, False)]


def test_a_second_application_says_already_applied(
    signed_in, cohort, person, europe, union, django_capture_on_commit_callbacks
):
    signed_in.post(APPLY, form_data(europe, union))
    before = enrolments()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(
            APPLY, form_data(europe, union, accessibility_needs="Large print"), follow=True
        )
    assert response.redirect_chain == [(DASHBOARD, 302)]
    assert "You have already applied to this cohort." in response.content.decode()
    assert enrolments() == before
    assert User.objects.get(pk=person.pk).accessibility_needs == ""
    assert mail.outbox == []


def test_an_ineligible_person_is_told_why_and_nothing_changes(
    client, cohort, europe, union, django_capture_on_commit_callbacks
):
    activist = UserFactory(
        email="ben@example.org",
        region=europe,
        union=union,
        union_role=UnionRole.ACTIVIST,
        preferred_language="es",
        time_zone="UTC",
    )
    client.force_login(activist)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            APPLY,
            form_data(
                europe,
                union,
                union_role=UnionRole.ACTIVIST,
                preferred_language="es",
                time_zone="Asia/Manila",
            ),
        )
    assert response.status_code == 200
    with translation.override("es"):
        message = eligibility_problem(cohort=cohort, user=activist, nomination=None)
    # In the person's language (Spanish).
    assert message.startswith("El itinerario de dirigentes sindicales está dirigido a")
    assert response.content.decode().count(escape(message)) == 2  # notice and form error
    assert enrolments() == []
    assert User.objects.get(pk=activist.pk).time_zone == "UTC"
    assert ConsentRecord.objects.filter(purpose="recording").count() == 0
    assert (OutboxMessage.objects.count(), mail.outbox) == (0, [])


def test_an_application_without_the_commitment_is_not_sent(signed_in, cohort, europe, union):
    data = form_data(europe, union)
    del data["commitment"]
    response = signed_in.post(APPLY, data)
    assert response.status_code == 200
    assert response.context["form"].errors["commitment"] == ["This field is required."]
    assert enrolments() == []


# Acting on enrolments: only one's own ---------------------------------------------------


@pytest.mark.parametrize(
    ("action", "method"),
    [("withdraw", "get"), ("withdraw", "post"), ("accept", "post"), ("decline", "post")],
)
def test_another_persons_enrolment_or_none_is_a_404(signed_in, cohort, person, action, method):
    mine = EnrolmentFactory(cohort=cohort, user=person)
    other = offer(cohort, UserFactory(union_role=UnionRole.LEADER), days=1)
    before = enrolments()
    for pk in (other.pk, other.pk + 1, 0, 2**63):
        response = getattr(signed_in, method)(f"{DASHBOARD}{pk}/{action}/")
        assert (pk, response.status_code) == (pk, 404)
    assert enrolments() == before
    assert mine.pk != other.pk + 1
    assert mail.outbox == []


def test_withdrawing_from_my_own_application(
    signed_in, cohort, person, django_capture_on_commit_callbacks
):
    mine = EnrolmentFactory(cohort=cohort, user=person)
    assert signed_in.get(f"{DASHBOARD}{mine.pk}/withdraw/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(f"{DASHBOARD}{mine.pk}/withdraw/")
    assert (response.status_code, response["Location"]) == (302, DASHBOARD)
    assert enrolments() == [(cohort.pk, person.pk, EnrolmentStatus.WITHDRAWN)]
    assert [m.to for m in mail.outbox] == [["ana@example.org"]]
    # Once ended, there is nothing left to withdraw.
    assert signed_in.post(f"{DASHBOARD}{mine.pk}/withdraw/").status_code == 404


def test_accepting_and_declining_an_offer(signed_in, cohort, person, curriculum):
    offered = offer(cohort, person, days=1)
    assert signed_in.get(f"{DASHBOARD}{offered.pk}/accept/").status_code == 405
    assert signed_in.post(f"{DASHBOARD}{offered.pk}/accept/").status_code == 302
    assert Enrolment.objects.get(pk=offered.pk).status == EnrolmentStatus.APPROVED

    other_cohort = open_cohort(curriculum.tracks["leaders"], region=cohort.region)
    second = offer(other_cohort, person, days=1)
    assert signed_in.post(f"{DASHBOARD}{second.pk}/decline/").status_code == 302
    assert Enrolment.objects.get(pk=second.pk).status == EnrolmentStatus.WITHDRAWN
    # Declining a place that is not on offer changes nothing.
    response = signed_in.post(f"{DASHBOARD}{offered.pk}/decline/", follow=True)
    assert "There is no place on offer to you in this cohort." in response.content.decode()
    assert Enrolment.objects.get(pk=offered.pk).status == EnrolmentStatus.APPROVED


def _accept(enrolment):
    # Accepted in another tab a moment before the decline button is pressed.
    views_enrolment.domain.enrolment_offer_accept(enrolment=enrolment)


def _lapse(enrolment):
    Enrolment.objects.filter(pk=enrolment.pk).update(status=EnrolmentStatus.EXPIRED)


@pytest.mark.parametrize(
    ("ended", "kept"),
    [(_accept, EnrolmentStatus.APPROVED), (_lapse, EnrolmentStatus.EXPIRED)],
    ids=["accepted: the place is kept", "lapsed: a message, not an error"],
)
def test_declining_an_offer_that_is_no_longer_open_changes_nothing(
    signed_in, cohort, person, ended, kept
):
    offered = offer(cohort, person, minutes=1)
    ended(offered)
    response = signed_in.post(f"{DASHBOARD}{offered.pk}/decline/", follow=True)
    assert response.status_code == 200
    assert "There is no place on offer to you in this cohort." in response.content.decode()
    assert Enrolment.objects.get(pk=offered.pk).status == kept


# The dashboard ------------------------------------------------------------------------


def test_the_dashboard_needs_a_signed_in_person(client):
    response = client.get(DASHBOARD)
    assert (response.status_code, response["Location"]) == (
        302,
        f"/accounts/login/?next={DASHBOARD}",
    )


def test_the_dashboards_queries_do_not_grow_with_enrolments(signed_in, curriculum, cohort, person):
    now = timezone.now()
    # A confirmed place from the start: its marks and progress are read with a fixed number
    # of queries, however many cohorts follow.
    EnrolmentFactory(cohort=cohort, user=person, status=EnrolmentStatus.APPROVED)

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            response = signed_in.get(DASHBOARD)
        assert response.status_code == 200
        return len(queries), response.content.decode()

    count_queries()  # the first request of a session may warm caches
    one, _content = count_queries()
    statuses = [
        {"status": EnrolmentStatus.APPROVED},
        {"status": EnrolmentStatus.APPLIED},
        {"status": EnrolmentStatus.APPROVED},
        {"status": EnrolmentStatus.WAITLISTED, "waitlisted_at": now},
        {"status": EnrolmentStatus.OFFERED, "offer_expires_at": now + timedelta(days=1)},
        {"status": EnrolmentStatus.WITHDRAWN},
    ]
    for index, fields in enumerate(statuses):
        other = open_cohort(
            curriculum.tracks["curators" if index % 2 else "leaders"],
            title=f"Other cohort {index}",
            region=cohort.region,
            first_start_local=datetime(timezone.now().year + 1, 6, 1 + index, 9),
        )
        EnrolmentFactory(cohort=other, user=person, **fields)
    six, content = count_queries()
    assert Enrolment.objects.filter(user=person).count() == 7
    assert one == six
    for index in range(6):
        assert f"Other cohort {index}" in content


@pytest.fixture
def starting_soon(curriculum, europe, settings):
    """A cohort in UTC whose first seminar starts in about half an hour."""
    settings.JOIN_LINK_REVEAL_MINUTES = 60
    start = (timezone.now() + timedelta(minutes=30)).replace(second=0, microsecond=0)
    return open_cohort(
        curriculum.tracks["leaders"],
        title="Starting soon",
        slug="starting-soon",
        region=europe,
        time_zone="UTC",
        join_url=JOIN,
        first_start_local=start.replace(tzinfo=None),
    )


def test_the_join_link_shows_shortly_before_the_start_to_approved_people_only(
    client, starting_soon, person
):
    waiting = UserFactory(email="waiting@example.org", union_role=UnionRole.LEADER)
    EnrolmentFactory(cohort=starting_soon, user=person, status=EnrolmentStatus.APPROVED)
    EnrolmentFactory(
        cohort=starting_soon,
        user=waiting,
        status=EnrolmentStatus.WAITLISTED,
        waitlisted_at=timezone.now(),
    )
    client.force_login(person)
    content = client.get(DASHBOARD).content.decode()
    # Seminar 1 is within the reveal window, seminar 2 (a week later) is not.
    assert content.count(JOIN) == 1
    assert content.count("The link appears here shortly before the start.") == 1

    # Never on the public page, even for an approved person.
    assert JOIN not in client.get("/cohorts/starting-soon/").content.decode()

    client.force_login(waiting)
    content = client.get(DASHBOARD).content.decode()
    assert JOIN not in content
    assert content.count("Once your place is confirmed.") == 2


def test_a_person_back_after_withdrawing_sees_the_join_link(client, starting_soon, person):
    # The earlier, withdrawn enrolment shares the cohort's sessions with the current one.
    EnrolmentFactory(cohort=starting_soon, user=person, status=EnrolmentStatus.WITHDRAWN)
    EnrolmentFactory(cohort=starting_soon, user=person, status=EnrolmentStatus.APPROVED)
    client.force_login(person)
    content = client.get(DASHBOARD).content.decode()
    assert content.count(JOIN) == 1


def test_no_join_link_before_the_reveal_window(client, starting_soon, person, settings):
    settings.JOIN_LINK_REVEAL_MINUTES = 15
    EnrolmentFactory(cohort=starting_soon, user=person, status=EnrolmentStatus.APPROVED)
    client.force_login(person)
    content = client.get(DASHBOARD).content.decode()
    assert JOIN not in content
    assert content.count("The link appears here shortly before the start.") == 2


def test_clashes_show_on_the_apply_page_and_the_dashboard(
    signed_in, curriculum, cohort, person, europe
):
    # Overlapping `cohort` (08:00-11:00 UTC) every week: 09:00-12:00 UTC.
    clashing = open_cohort(
        curriculum.tracks["leaders"],
        title="Leaders Global",
        slug="leaders-global",
        region=europe,
        time_zone="UTC",
        first_start_local=datetime(timezone.now().year + 1, 5, 3, 9),
    )
    elsewhere = open_cohort(
        curriculum.tracks["leaders"],
        title="Leaders Later",
        slug="leaders-later",
        region=europe,
        time_zone="UTC",
        first_start_local=datetime(timezone.now().year + 1, 5, 3, 12),
    )
    EnrolmentFactory(cohort=clashing, user=person, status=EnrolmentStatus.APPROVED)

    content = signed_in.get(APPLY).content.decode()
    assert CLASH.findall(content) == [
        ("1", "Leaders Global", "1"),
        ("2", "Leaders Global", "2"),
    ]
    assert CLASH.findall(signed_in.get("/cohorts/leaders-later/apply/").content.decode()) == []

    EnrolmentFactory(cohort=cohort, user=person)
    EnrolmentFactory(cohort=elsewhere, user=person)
    content = signed_in.get(DASHBOARD).content.decode()
    assert sorted(CLASH.findall(content)) == [
        ("1", "Leaders Europe", "1"),
        ("1", "Leaders Global", "1"),
        ("2", "Leaders Europe", "2"),
        ("2", "Leaders Global", "2"),
    ]


# Nominating ---------------------------------------------------------------------------


def nomination_data(union, **changes):
    data = {
        "full_name": "Nuno Novo",
        "email": "nuno@example.org",
        "union": union.pk,
        "note": "Our new general secretary.",
    }
    data.update(changes)
    return data


def test_a_participant_cannot_nominate(signed_in, cohort, union):
    assert signed_in.get(NOMINATE).status_code == 404
    assert signed_in.post(NOMINATE, nomination_data(union)).status_code == 404
    assert Nomination.objects.count() == 0


def test_nominating_needs_a_signed_in_person(client, cohort):
    response = client.get(NOMINATE)
    assert (response.status_code, response["Location"]) == (
        302,
        f"/accounts/login/?next={NOMINATE}",
    )


def test_a_union_contact_nominates_someone_without_an_account(
    client, cohort, union, django_capture_on_commit_callbacks
):
    contact = UserFactory(email="contact@example.org")
    union.contacts.add(contact)
    client.force_login(contact)
    response = client.get(NOMINATE)
    assert response.status_code == 200
    assert 'name="override_reason"' not in response.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            NOMINATE, nomination_data(union, override_reason="Let them in anyway")
        )
    assert (response.status_code, response["Location"]) == (302, NOMINATE)
    assert list(
        Nomination.objects.values_list(
            "cohort_id", "email", "full_name", "union_id", "nominated_by_id", "eligibility_override"
        )
    ) == [(cohort.pk, "nuno@example.org", "Nuno Novo", union.pk, contact.pk, "")]
    assert [m.to for m in mail.outbox] == [["nuno@example.org"]]
    body = mail.outbox[0].body
    assert "http://testserver/accounts/signup/?email=nuno%40example.org" in body
    assert "http://testserver/cohorts/leaders-europe/apply/" in body
    assert "Our new general secretary." in body
    assert "Nuno Novo" in client.get(NOMINATE).content.decode()


def test_a_contact_of_another_regions_union_cannot_nominate(client, cohort, union):
    contact = UserFactory(email="contact@example.org")
    UnionFactory(region=RegionFactory(slug="asia-pacific")).contacts.add(contact)
    client.force_login(contact)
    assert client.get(NOMINATE).status_code == 404


def test_a_union_contact_nominates_only_for_their_own_union(client, cohort, union, europe):
    contact = UserFactory(email="contact@example.org")
    union.contacts.add(contact)
    neighbour = UnionFactory(region=europe, name="Neighbour Union")
    client.force_login(contact)
    response = client.post(NOMINATE, nomination_data(neighbour))
    assert response.status_code == 200
    assert "union" in response.context["form"].errors
    assert Nomination.objects.count() == 0
    assert mail.outbox == []


def test_the_regions_coordinator_nominates_with_an_override(
    client, cohort, union, europe, django_capture_on_commit_callbacks
):
    coordinator = staff_user(StaffRole.COORDINATOR, region=europe, email="coord@example.org")
    existing = UserFactory(email="nuno@example.org", full_name="Nuno Novo")
    client.force_login(coordinator)
    response = client.get(NOMINATE)
    assert response.status_code == 200
    assert 'name="override_reason"' in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            NOMINATE, nomination_data(union, override_reason="Acting general secretary")
        )
    assert response.status_code == 302
    nomination = Nomination.objects.get()
    assert (nomination.nominated_by, nomination.eligibility_override) == (
        coordinator,
        "Acting general secretary",
    )
    # The nominee has an account: the mail leads to the apply page, not to sign-up.
    assert [m.to for m in mail.outbox] == [[existing.email]]
    assert "/accounts/signup/" not in mail.outbox[0].body
    assert "http://testserver/cohorts/leaders-europe/apply/" in mail.outbox[0].body


def test_another_regions_coordinator_cannot_nominate(client, cohort, union):
    coordinator = staff_user(StaffRole.COORDINATOR, region=RegionFactory(slug="africa-arab"))
    client.force_login(coordinator)
    assert client.get(NOMINATE).status_code == 404
    assert client.post(NOMINATE, nomination_data(union)).status_code == 404
    assert Nomination.objects.count() == 0


def test_a_nominated_activist_can_apply_to_the_leaders_track(
    client, cohort, union, europe, django_capture_on_commit_callbacks
):
    coordinator = staff_user(StaffRole.COORDINATOR, region=europe)
    activist = UserFactory(
        email="nuno@example.org", region=europe, union=union, union_role=UnionRole.ACTIVIST
    )
    client.force_login(coordinator)
    client.post(NOMINATE, nomination_data(union, override_reason="Acting general secretary"))
    client.force_login(activist)
    response = client.get(APPLY)
    assert "You have been nominated for this cohort." in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            APPLY, form_data(europe, union, union_role=UnionRole.ACTIVIST, full_name="Nuno")
        )
    assert response.status_code == 302
    enrolment = Enrolment.objects.get(user=activist)
    assert (enrolment.status, enrolment.eligibility_override) == (
        EnrolmentStatus.APPLIED,
        "Acting general secretary",
    )
    enrolment_approve(enrolment=enrolment, by=coordinator)
    assert Enrolment.objects.get(pk=enrolment.pk).status == EnrolmentStatus.APPROVED


def test_a_coordinator_may_nominate_without_a_union_but_a_contact_may_not(
    client, cohort, union, europe, django_capture_on_commit_callbacks
):
    coordinator = staff_user(StaffRole.COORDINATOR, region=europe, email="coord@example.org")
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(NOMINATE, {**nomination_data(union), "union": ""})
    assert response.status_code == 302
    assert list(Nomination.objects.values_list("email", "union")) == [("nuno@example.org", None)]

    contact = UserFactory(email="contact@example.org", region=europe, union=union)
    union.contacts.add(contact)
    client.force_login(contact)
    response = client.post(
        NOMINATE, {**nomination_data(union, email="eva@example.org"), "union": ""}
    )
    assert response.status_code == 200
    assert "union" in response.context["form"].errors
    assert Nomination.objects.count() == 1
