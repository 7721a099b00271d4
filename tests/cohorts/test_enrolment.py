"""Enrolment rules: apply, approve, wait-list, offer, withdraw, remove, and each change's e-mail."""

from datetime import UTC, datetime, timedelta

import pytest
import vobject
from django.conf import settings
from django.core import mail
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cohorts.domain.eligibility import eligibility_problem
from cohorts.domain.enrolment import (
    enrolment_apply,
    enrolment_approve,
    enrolment_decline,
    enrolment_offer_accept,
    enrolment_offers_expire,
    enrolment_remove,
    enrolment_withdraw,
    nomination_create,
    waitlist_position,
)
from cohorts.domain.exceptions import EnrolmentError
from cohorts.domain.local_time import local_label
from cohorts.domain.membership import cohorts_for_person, people_to_notify
from cohorts.enums import CohortStatus, EnrolmentStatus
from cohorts.models import Cohort, Enrolment, Nomination
from lms.enums import ConsentPurpose, UnionRole
from lms.models import ConsentRecord, OutboxMessage, User
from tests.cohorts.test_local_time import NEXT_YEAR
from tests.factories import UnionFactory, UserFactory
from tests.factories.cohorts import EnrolmentFactory, open_cohort

pytestmark = pytest.mark.django_db

JOIN = "https://meet.example.org/leaders-europe-5d2c"
TITLE = "Leaders Europe"
# Seminars: 3 and 10 May next year, 10:00 in Madrid (CEST, UTC+2).
FIRST_START = datetime(NEXT_YEAR, 5, 3, 8, tzinfo=UTC)
OFFER = timedelta(hours=settings.ENROLMENT_OFFER_HOURS)
PROFILE_COLUMNS = (
    "union_id",
    "union_role",
    "preferred_language",
    "time_zone",
    "interpretation_needs",
    "accessibility_needs",
)


@pytest.fixture
def leaders(curriculum):
    """An open leaders' cohort (two seminars) with two places."""
    return open_cohort(
        curriculum.tracks["leaders"],
        title=TITLE,
        slug="leaders-europe",
        capacity=2,
        time_zone="Europe/Madrid",
        join_url=JOIN,
    )


@pytest.fixture
def curators(curriculum, leaders):
    return open_cohort(
        curriculum.tracks["curators"],
        title="Curators Europe",
        slug="curators-europe",
        region=leaders.region,
        time_zone="Europe/Madrid",
    )


@pytest.fixture
def coordinator():
    return UserFactory(email="coordinator@example.org", full_name="Carmen Coordinator")


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run a domain function and its on-commit work (the outbox sends) as a request would."""

    def run(function, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(**kwargs)

    return run


def leader(email, **fields):
    return UserFactory(email=email, union_role=UnionRole.LEADER, **fields)


def applied(cohort, email, **fields):
    """An application already in the database (no e-mail)."""
    return EnrolmentFactory(cohort=cohort, user=leader(email, **fields))


def subject(language, msgid, cohort_title=TITLE):
    with translation.override(language):
        return _(msgid) % {"cohort": cohort_title}


def sent():
    return [(message.to, message.subject) for message in mail.outbox]


def invitation(message):
    [part] = message.attachments
    return part, vobject.readOne(part.get_payload(decode=True).decode())


def status_of(*enrolments):
    return [Enrolment.objects.get(pk=e.pk).status for e in enrolments]


def snapshot():
    """Everything a refused change must leave as it was."""
    return (
        list(Enrolment.objects.order_by("pk").values()),
        list(ConsentRecord.objects.order_by("pk").values_list("user_id", "purpose", "granted")),
        list(OutboxMessage.objects.order_by("pk").values_list("key", flat=True)),
        list(Cohort.objects.order_by("pk").values_list("pk", "status")),
        list(Nomination.objects.order_by("pk").values_list("pk", "email")),
        list(User.objects.order_by("pk").values_list("pk", *PROFILE_COLUMNS)),
    )


# Applying ---------------------------------------------------------------------------


def test_apply_saves_profile_and_consent_and_mails_a_receipt(leaders, commit):
    person = UserFactory(email="ana@example.org", full_name="Ana Pérez", preferred_language="en")
    union = UnionFactory(region=leaders.region)
    enrolment = commit(
        enrolment_apply,
        cohort=leaders,
        user=person,
        profile={
            "union": union,
            "union_role": UnionRole.LEADER,
            "preferred_language": "es",
            "time_zone": "America/Bogota",
            "interpretation_needs": "Spanish interpretation",
            "accessibility_needs": "Captions",
        },
        commitment=True,
        recording_consent=True,
    )
    enrolment.refresh_from_db()
    assert (
        enrolment.status,
        enrolment.user_id,
        enrolment.cohort_id,
        enrolment.commitment_confirmed,
        enrolment.recording_consent,
        enrolment.nomination,
        enrolment.eligibility_override,
    ) == (EnrolmentStatus.APPLIED, person.pk, leaders.pk, True, True, None, "")
    assert list(User.objects.filter(pk=person.pk).values_list(*PROFILE_COLUMNS)) == [
        (
            union.pk,
            UnionRole.LEADER,
            "es",
            "America/Bogota",
            "Spanish interpretation",
            "Captions",
        )
    ]
    assert list(person.consents.values_list("purpose", "granted")) == [
        (ConsentPurpose.RECORDING, True)
    ]
    # The receipt is in the language just chosen.
    assert sent() == [
        (["ana@example.org"], subject("es", "Application received: %(cohort)s")),
    ]
    body = mail.outbox[0].body
    assert "http://testserver/my-cohorts/" in body
    assert "http://testserver/cohorts/leaders-europe/" in body
    assert mail.outbox[0].attachments == []
    assert [(row.key, row.sent_at is not None) for row in OutboxMessage.objects.all()] == [
        (f"enrolment:{enrolment.pk}:received", True)
    ]


def test_refusing_to_be_recorded_is_recorded_too(leaders, commit):
    person = leader("ben@example.org")
    enrolment = commit(
        enrolment_apply,
        cohort=leaders,
        user=person,
        profile={},
        commitment=True,
        recording_consent=False,
    )
    assert Enrolment.objects.get(pk=enrolment.pk).recording_consent is False
    assert list(person.consents.values_list("purpose", "granted")) == [
        (ConsentPurpose.RECORDING, False)
    ]


# Approving, the waiting list and FULL -------------------------------------------------


def test_approve_gives_a_place_and_an_invitation_to_every_seminar(leaders, coordinator, commit):
    enrolment = applied(
        leaders, "ana@example.org", preferred_language="es", time_zone="America/Bogota"
    )
    now = timezone.now()
    commit(enrolment_approve, enrolment=enrolment, by=coordinator, now=now)
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.decided_by, enrolment.decided_at) == (
        EnrolmentStatus.APPROVED,
        coordinator,
        now,
    )
    assert sent() == [(["ana@example.org"], subject("es", "Your place is confirmed: %(cohort)s"))]
    message = mail.outbox[0]
    # Django's own month names show the list is in Spanish and in the person's zone.
    assert f"3 de mayo de {NEXT_YEAR} a las 03:00 (America/Bogota)" in message.body
    assert f"10 de mayo de {NEXT_YEAR} a las 03:00 (America/Bogota)" in message.body
    assert "Union leaders seminar 1" in message.body
    assert "Union leaders seminar 2" in message.body

    part, calendar = invitation(message)
    assert (part.get_content_type(), part.get_param("method")) == ("text/calendar", "REQUEST")
    assert part.get_filename() == "leaders-europe.ics"
    assert calendar.method.value == "REQUEST"
    sessions = list(leaders.sessions.order_by("starts_at"))
    assert [event.uid.value for event in calendar.vevent_list] == [
        f"{s.uid}@union-academy.example.org" for s in sessions
    ]
    assert [event.dtstart.value.astimezone(UTC) for event in calendar.vevent_list] == [
        FIRST_START,
        FIRST_START + timedelta(days=7),
    ]
    for event in calendar.vevent_list:
        assert [a.value for a in event.contents["attendee"]] == ["mailto:ana@example.org"]
        assert event.location.value == JOIN
    assert Cohort.objects.get(pk=leaders.pk).status == CohortStatus.OPEN


def test_approve_when_full_puts_people_on_the_waiting_list_in_order(leaders, coordinator, commit):
    first, second, third, fourth = (applied(leaders, f"p{n}@example.org") for n in range(1, 5))
    third.user.preferred_language = "fr"
    third.user.save(update_fields=["preferred_language"])
    now = timezone.now()
    commit(enrolment_approve, enrolment=first, by=coordinator, now=now)
    assert Cohort.objects.get(pk=leaders.pk).status == CohortStatus.OPEN
    commit(enrolment_approve, enrolment=second, by=coordinator, now=now)
    assert Cohort.objects.get(pk=leaders.pk).status == CohortStatus.FULL
    mail.outbox.clear()

    commit(enrolment_approve, enrolment=third, by=coordinator, now=now + timedelta(minutes=1))
    commit(enrolment_approve, enrolment=fourth, by=coordinator, now=now + timedelta(minutes=2))
    assert status_of(first, second, third, fourth) == [
        EnrolmentStatus.APPROVED,
        EnrolmentStatus.APPROVED,
        EnrolmentStatus.WAITLISTED,
        EnrolmentStatus.WAITLISTED,
    ]
    third.refresh_from_db()
    fourth.refresh_from_db()
    assert (third.waitlisted_at, fourth.waitlisted_at) == (
        now + timedelta(minutes=1),
        now + timedelta(minutes=2),
    )
    assert [waitlist_position(third), waitlist_position(fourth)] == [1, 2]
    assert sent() == [
        (["p3@example.org"], subject("fr", "You are on the waiting list: %(cohort)s")),
        (["p4@example.org"], subject("en", "You are on the waiting list: %(cohort)s")),
    ]
    assert "You are number 2 on the waiting list." in mail.outbox[1].body
    assert mail.outbox[1].attachments == []
    assert Cohort.objects.get(pk=leaders.pk).status == CohortStatus.FULL


# Declining ----------------------------------------------------------------------------


def test_decline_needs_a_reason_and_tells_it(leaders, coordinator, commit):
    enrolment = applied(leaders, "ana@example.org", preferred_language="fr")
    before = snapshot()
    for reason in ["", "   "]:
        with pytest.raises(EnrolmentError) as error:
            commit(enrolment_decline, enrolment=enrolment, by=coordinator, reason=reason)
        assert error.value.field == "reason"
    assert (snapshot(), mail.outbox) == (before, [])

    commit(
        enrolment_decline,
        enrolment=enrolment,
        by=coordinator,
        reason=" This cohort is for officers of affiliates in Europe. ",
    )
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.decision_reason, enrolment.decided_by) == (
        EnrolmentStatus.DECLINED,
        "This cohort is for officers of affiliates in Europe.",
        coordinator,
    )
    assert enrolment.ended_at is not None
    assert sent() == [(["ana@example.org"], subject("fr", "About your application: %(cohort)s"))]
    assert "This cohort is for officers of affiliates in Europe." in mail.outbox[0].body


def test_an_approved_place_cannot_be_declined(leaders, coordinator, commit):
    enrolment = applied(leaders, "ana@example.org")
    enrolment_approve(enrolment=enrolment, by=coordinator)
    before = snapshot()
    with pytest.raises(EnrolmentError):
        commit(enrolment_decline, enrolment=enrolment, by=coordinator, reason="No")
    assert snapshot() == before


# Withdrawing, offers, accepting, expiry, removal ----------------------------------------


@pytest.fixture
def full_with_queue(leaders, coordinator):
    """Two approved (A, B), then C and D on the waiting list, C first; no e-mail sent yet."""
    people = {}
    now = timezone.now()
    for index, (name, language) in enumerate([("a", "en"), ("b", "en"), ("c", "es"), ("d", "fr")]):
        people[name] = applied(
            leaders, f"{name}@example.org", preferred_language=language, time_zone="Europe/Madrid"
        )
        enrolment_approve(
            enrolment=people[name], by=coordinator, now=now + timedelta(minutes=index)
        )
    assert status_of(*people.values()) == [
        EnrolmentStatus.APPROVED,
        EnrolmentStatus.APPROVED,
        EnrolmentStatus.WAITLISTED,
        EnrolmentStatus.WAITLISTED,
    ]
    OutboxMessage.objects.all().delete()
    return people


def test_withdrawing_offers_the_place_to_the_first_on_the_waiting_list(
    leaders, full_with_queue, commit
):
    a, c, d = full_with_queue["a"], full_with_queue["c"], full_with_queue["d"]
    now = timezone.now()
    commit(enrolment_withdraw, enrolment=a, by=a.user, now=now)
    a.refresh_from_db()
    c.refresh_from_db()
    d.refresh_from_db()
    assert (a.status, a.ended_at) == (EnrolmentStatus.WITHDRAWN, now)
    assert (c.status, c.offer_expires_at) == (EnrolmentStatus.OFFERED, now + OFFER)
    assert (d.status, waitlist_position(d)) == (EnrolmentStatus.WAITLISTED, 1)
    # The offer holds the place: the cohort stays full.
    assert Cohort.objects.get(pk=leaders.pk).status == CohortStatus.FULL
    assert sent() == [
        (["a@example.org"], subject("en", "You have withdrawn: %(cohort)s")),
        (["c@example.org"], subject("es", "A place is free for you: %(cohort)s")),
    ]
    offered = mail.outbox[1].body
    with translation.override("es"):
        assert local_label(now + OFFER, "Europe/Madrid") in offered
    assert "http://testserver/my-cohorts/" in offered


def test_an_offer_never_runs_past_the_first_seminar(leaders, full_with_queue, commit):
    a, c = full_with_queue["a"], full_with_queue["c"]
    now = FIRST_START - timedelta(hours=5)
    commit(enrolment_withdraw, enrolment=a, by=a.user, now=now)
    c.refresh_from_db()
    assert (c.status, c.offer_expires_at) == (EnrolmentStatus.OFFERED, FIRST_START)
    # The deadline in the Spanish e-mail: 3 May, 10:00 in Madrid.
    assert f"3 de mayo de {NEXT_YEAR} a las 10:00 (Europe/Madrid)" in mail.outbox[1].body


def test_accepting_an_offer_confirms_the_place(leaders, full_with_queue, commit):
    a, c = full_with_queue["a"], full_with_queue["c"]
    now = timezone.now()
    enrolment_withdraw(enrolment=a, by=a.user, now=now)
    mail.outbox.clear()
    commit(enrolment_offer_accept, enrolment=c, now=now + timedelta(hours=1))
    c.refresh_from_db()
    assert (c.status, c.offer_expires_at, c.waitlisted_at) == (
        EnrolmentStatus.APPROVED,
        None,
        None,
    )
    assert sent() == [(["c@example.org"], subject("es", "Your place is confirmed: %(cohort)s"))]
    _part, calendar = invitation(mail.outbox[0])
    assert len(calendar.vevent_list) == 2
    assert Cohort.objects.get(pk=leaders.pk).status == CohortStatus.FULL


def test_an_offer_cannot_be_accepted_after_its_deadline(leaders, full_with_queue, commit):
    a, c = full_with_queue["a"], full_with_queue["c"]
    now = timezone.now()
    enrolment_withdraw(enrolment=a, by=a.user, now=now)
    mail.outbox.clear()
    before = snapshot()
    with pytest.raises(EnrolmentError):
        commit(enrolment_offer_accept, enrolment=c, now=now + OFFER)
    assert (snapshot(), mail.outbox) == (before, [])


def test_lapsed_offers_expire_and_go_to_the_next_person(leaders, full_with_queue, commit):
    a, c, d = full_with_queue["a"], full_with_queue["c"], full_with_queue["d"]
    now = timezone.now()
    commit(enrolment_withdraw, enrolment=a, by=a.user, now=now)
    mail.outbox.clear()
    deadline = now + OFFER

    assert commit(enrolment_offers_expire, now=deadline - timedelta(seconds=1)) == 0
    assert status_of(c, d) == [EnrolmentStatus.OFFERED, EnrolmentStatus.WAITLISTED]
    assert mail.outbox == []

    assert commit(enrolment_offers_expire, now=deadline) == 1
    c.refresh_from_db()
    d.refresh_from_db()
    assert (c.status, c.ended_at) == (EnrolmentStatus.EXPIRED, deadline)
    assert (d.status, d.offer_expires_at) == (EnrolmentStatus.OFFERED, deadline + OFFER)
    assert sent() == [
        (["c@example.org"], subject("es", "The place offered to you has lapsed: %(cohort)s")),
        (["d@example.org"], subject("fr", "A place is free for you: %(cohort)s")),
    ]
    assert Cohort.objects.get(pk=leaders.pk).status == CohortStatus.FULL
    # Running again changes and sends nothing.
    assert commit(enrolment_offers_expire, now=deadline) == 0
    assert len(mail.outbox) == 2


def test_removal_needs_a_reason_tells_it_and_frees_the_place(
    leaders, full_with_queue, coordinator, commit
):
    b, c = full_with_queue["b"], full_with_queue["c"]
    before = snapshot()
    with pytest.raises(EnrolmentError) as error:
        commit(enrolment_remove, enrolment=b, by=coordinator, reason=" ")
    assert error.value.field == "reason"
    assert (snapshot(), mail.outbox) == (before, [])

    now = timezone.now()
    commit(
        enrolment_remove,
        enrolment=b,
        by=coordinator,
        reason="Missed the first two seminars without notice.",
        now=now,
    )
    b.refresh_from_db()
    assert (b.status, b.decision_reason, b.decided_by, b.decided_at, b.ended_at) == (
        EnrolmentStatus.REMOVED,
        "Missed the first two seminars without notice.",
        coordinator,
        now,
        now,
    )
    assert status_of(c) == [EnrolmentStatus.OFFERED]
    assert sent() == [
        (["b@example.org"], subject("en", "You are no longer enrolled: %(cohort)s")),
        (["c@example.org"], subject("es", "A place is free for you: %(cohort)s")),
    ]
    assert "Missed the first two seminars without notice." in mail.outbox[0].body


def test_a_freed_place_with_nobody_waiting_opens_the_cohort_again(leaders, coordinator, commit):
    first, second = applied(leaders, "a@example.org"), applied(leaders, "b@example.org")
    enrolment_approve(enrolment=first, by=coordinator)
    enrolment_approve(enrolment=second, by=coordinator)
    assert Cohort.objects.get(pk=leaders.pk).status == CohortStatus.FULL
    commit(enrolment_withdraw, enrolment=first, by=first.user)
    assert Cohort.objects.get(pk=leaders.pk).status == CohortStatus.OPEN
    assert status_of(first, second) == [EnrolmentStatus.WITHDRAWN, EnrolmentStatus.APPROVED]
    assert sent() == [(["a@example.org"], subject("en", "You have withdrawn: %(cohort)s"))]


def test_withdrawing_from_the_waiting_list_keeps_the_others_in_order(
    leaders, full_with_queue, commit
):
    c, d = full_with_queue["c"], full_with_queue["d"]
    commit(enrolment_withdraw, enrolment=c, by=c.user)
    d.refresh_from_db()
    assert status_of(c, d) == [EnrolmentStatus.WITHDRAWN, EnrolmentStatus.WAITLISTED]
    assert waitlist_position(d) == 1
    assert Cohort.objects.get(pk=leaders.pk).status == CohortStatus.FULL
    assert sent() == [(["c@example.org"], subject("es", "You have withdrawn: %(cohort)s"))]


# Eligibility --------------------------------------------------------------------------


def apply_as(cohort, person, **kwargs):
    return enrolment_apply(
        cohort=cohort,
        user=person,
        profile=kwargs.pop("profile", {}),
        commitment=kwargs.pop("commitment", True),
        recording_consent=kwargs.pop("recording_consent", False),
        **kwargs,
    )


def test_the_leaders_track_needs_a_leader(leaders, commit):
    person = UserFactory(email="ana@example.org", union_role=UnionRole.ACTIVIST)
    before = snapshot()
    with pytest.raises(EnrolmentError) as error:
        commit(
            apply_as,
            cohort=leaders,
            person=person,
            profile={"interpretation_needs": "French"},
        )
    assert error.value.message == eligibility_problem(cohort=leaders, user=person, nomination=None)
    assert error.value.message.startswith("The union leaders' track is for elected leaders")
    assert (snapshot(), mail.outbox) == (before, [])

    # Saying in the profile that they are a leader is what makes them eligible.
    enrolment = commit(
        apply_as, cohort=leaders, person=person, profile={"union_role": UnionRole.LEADER}
    )
    assert enrolment.status == EnrolmentStatus.APPLIED
    assert User.objects.get(pk=person.pk).union_role == UnionRole.LEADER


def test_the_curators_track_needs_a_nomination(curators, coordinator, commit):
    person = leader("ana@example.org")
    before = snapshot()
    with pytest.raises(EnrolmentError) as error:
        commit(apply_as, cohort=curators, person=person)
    assert error.value.message.startswith("The digital curators' track is by nomination")
    assert (snapshot(), mail.outbox) == (before, [])

    union = UnionFactory(region=curators.region, name="Transport Workers")
    nomination = commit(
        nomination_create,
        cohort=curators,
        email="ANA@example.org ",
        full_name=" Ana   Pérez ",
        by=coordinator,
        union=union,
        note="We need you on the digital committee.",
    )
    assert (nomination.email, nomination.full_name, nomination.eligibility_override) == (
        "ana@example.org",
        "Ana Pérez",
        "",
    )
    assert sent() == [
        (
            ["ana@example.org"],
            subject("en", "You have been nominated: %(cohort)s", "Curators Europe"),
        )
    ]
    body = mail.outbox[0].body
    assert "Transport Workers" in body
    assert "We need you on the digital committee." in body
    assert "http://testserver/cohorts/curators-europe/apply/" in body
    assert "/accounts/signup/" not in body
    mail.outbox.clear()

    enrolment = commit(apply_as, cohort=curators, person=person)
    assert (enrolment.status, enrolment.nomination) == (EnrolmentStatus.APPLIED, nomination)


def test_a_nomination_invites_someone_without_an_account_to_sign_up(curators, coordinator, commit):
    commit(
        nomination_create,
        cohort=curators,
        email="new.person@example.org",
        full_name="New Person",
        by=coordinator,
    )
    assert [m.to for m in mail.outbox] == [["new.person@example.org"]]
    body = mail.outbox[0].body
    assert "Hello New Person," in body
    assert "http://testserver/accounts/signup/?email=new.person%40example.org" in body


def test_a_person_is_nominated_once_per_cohort(curators, coordinator, commit):
    nomination_create(cohort=curators, email="ana@example.org", full_name="Ana", by=coordinator)
    mail.outbox.clear()
    before = snapshot()
    with pytest.raises(EnrolmentError) as error:
        commit(
            nomination_create,
            cohort=curators,
            email="Ana@Example.org",
            full_name="Ana",
            by=coordinator,
        )
    assert error.value.field == "email"
    assert (snapshot(), mail.outbox) == (before, [])


def test_a_coordinators_override_on_a_nomination_admits_anyone(leaders, coordinator, commit):
    person = UserFactory(email="ana@example.org", union_role=UnionRole.ACTIVIST)
    nomination_create(
        cohort=leaders,
        email=person.email,
        full_name="Ana",
        by=coordinator,
        override_reason="Acting  general secretary",
    )
    enrolment = commit(apply_as, cohort=leaders, person=person)
    assert (enrolment.status, enrolment.eligibility_override) == (
        EnrolmentStatus.APPLIED,
        "Acting general secretary",
    )
    commit(enrolment_approve, enrolment=enrolment, by=coordinator)
    assert status_of(enrolment) == [EnrolmentStatus.APPROVED]


def test_approving_someone_ineligible_needs_an_override_reason(leaders, coordinator, commit):
    enrolment = applied(leaders, "ana@example.org")
    # The person changed their role after applying.
    User.objects.filter(pk=enrolment.user_id).update(union_role=UnionRole.ACTIVIST)
    before = snapshot()
    with pytest.raises(EnrolmentError) as error:
        commit(enrolment_approve, enrolment=enrolment, by=coordinator)
    assert error.value.field == "override_reason"
    assert (snapshot(), mail.outbox) == (before, [])

    commit(
        enrolment_approve,
        enrolment=enrolment,
        by=coordinator,
        override_reason="Elected\nlast week",
    )
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.eligibility_override) == (
        EnrolmentStatus.APPROVED,
        "Elected last week",
    )
    assert [m.to for m in mail.outbox] == [["ana@example.org"]]


# Refusals change nothing --------------------------------------------------------------


def test_a_second_application_is_refused(leaders, commit):
    person = leader("ana@example.org")
    commit(apply_as, cohort=leaders, person=person, recording_consent=True)
    mail.outbox.clear()
    before = snapshot()
    with pytest.raises(EnrolmentError) as error:
        commit(
            apply_as,
            cohort=leaders,
            person=person,
            profile={"accessibility_needs": "Large print"},
            recording_consent=False,
        )
    assert error.value.message == "You have already applied to this cohort."
    assert (snapshot(), mail.outbox) == (before, [])


def test_someone_who_withdrew_may_apply_again(leaders, commit):
    person = leader("ana@example.org")
    first = apply_as(cohort=leaders, person=person)
    enrolment_withdraw(enrolment=first, by=person)
    second = commit(apply_as, cohort=leaders, person=person)
    assert list(
        Enrolment.objects.filter(user=person).order_by("pk").values_list("pk", "status")
    ) == [(first.pk, EnrolmentStatus.WITHDRAWN), (second.pk, EnrolmentStatus.APPLIED)]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"status": CohortStatus.DRAFT}, "This cohort is not open for enrolment."),
        ({"status": CohortStatus.RUNNING}, "This cohort is not open for enrolment."),
        (
            {"enrolment_opens_at": timezone.now() + timedelta(days=1)},
            "Enrolment for this cohort has not opened yet.",
        ),
        (
            {"enrolment_closes_at": timezone.now() - timedelta(minutes=1)},
            "Enrolment for this cohort has closed.",
        ),
    ],
)
def test_a_closed_cohort_takes_no_applications(leaders, commit, fields, message):
    Cohort.objects.filter(pk=leaders.pk).update(**fields)
    leaders.refresh_from_db()
    person = leader("ana@example.org")
    before = snapshot()
    with pytest.raises(EnrolmentError) as error:
        commit(apply_as, cohort=leaders, person=person, profile={"time_zone": "Asia/Manila"})
    assert error.value.message == message
    assert (snapshot(), mail.outbox) == (before, [])


def test_an_application_without_the_commitment_is_refused(leaders, commit):
    person = leader("ana@example.org")
    before = snapshot()
    with pytest.raises(EnrolmentError) as error:
        commit(apply_as, cohort=leaders, person=person, commitment=False)
    assert error.value.field == "commitment"
    assert (snapshot(), mail.outbox) == (before, [])


def test_an_approved_place_cannot_be_approved_again(leaders, coordinator, commit):
    enrolment = applied(leaders, "ana@example.org")
    enrolment_approve(enrolment=enrolment, by=coordinator)
    mail.outbox.clear()
    before = snapshot()
    with pytest.raises(EnrolmentError) as error:
        commit(enrolment_approve, enrolment=enrolment, by=coordinator)
    assert error.value.message == (
        "Only applications awaiting a decision can be approved (this one: Place confirmed)."
    )
    assert (snapshot(), mail.outbox) == (before, [])


def test_an_ended_enrolment_cannot_be_withdrawn_again(leaders, commit):
    enrolment = applied(leaders, "ana@example.org")
    enrolment_withdraw(enrolment=enrolment, by=enrolment.user)
    before = snapshot()
    with pytest.raises(EnrolmentError):
        commit(enrolment_withdraw, enrolment=enrolment, by=enrolment.user)
    assert (snapshot(), mail.outbox) == (before, [])


# Membership ---------------------------------------------------------------------------


def test_only_approved_participants_are_in_the_cohort(leaders, full_with_queue, coordinator):
    leaders.coordinators.add(coordinator)
    applicant = applied(leaders, "e@example.org")
    withdrawn = applied(leaders, "f@example.org")
    enrolment_withdraw(enrolment=withdrawn, by=withdrawn.user)
    a, b, c = full_with_queue["a"], full_with_queue["b"], full_with_queue["c"]

    assert [p.email for p in people_to_notify(leaders)] == [
        "a@example.org",
        "b@example.org",
        "coordinator@example.org",
    ]
    for enrolment in (a, b):
        assert list(cohorts_for_person(enrolment.user)) == [leaders]
    for enrolment in (c, full_with_queue["d"], applicant, withdrawn):
        assert list(cohorts_for_person(enrolment.user)) == []

    # A withdrawal takes a participant out; the offer it makes does not put anyone in.
    enrolment_withdraw(enrolment=a, by=a.user)
    assert status_of(c) == [EnrolmentStatus.OFFERED]
    assert [p.email for p in people_to_notify(leaders)] == [
        "b@example.org",
        "coordinator@example.org",
    ]
    assert list(cohorts_for_person(a.user)) == []
    assert list(cohorts_for_person(c.user)) == []
