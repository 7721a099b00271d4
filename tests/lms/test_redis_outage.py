"""With Redis stopped or hung, every request is still answered, quickly, and the e-mails the
requests cause wait in the outbox until the broker is back, then go out once.

Redis is "down" in two ways (tests/helpers/redis_outage.py): a port that refuses connections
and one that accepts them and never answers. The cache is the production one
(lms.cache.FailSoftRedisCache) pointed there, and tasks are published there instead of
running in-process, as with REDIS_URL set.
"""

import logging
import time
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.core import mail
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cohorts.domain.attendance import Mark, attendance_save, check_in_code
from cohorts.enums import AttendanceStatus, EnrolmentStatus, SessionStatus
from cohorts.models import Attendance, Certificate, Enrolment, Submission
from cohorts.tasks import issue_missed_certificates
from lms.breaker import forget_outages
from lms.domain.outbox import FORGET_ONCE_SENT, SWEEP_GRACE, outbox_sweep
from lms.domain.people import person_erase
from lms.enums import StaffRole, UnionRole
from lms.jobs import enqueue_after_commit
from lms.models import OutboxMessage
from lms.tasks import send_outbox_message
from tests.factories import (
    RegionFactory,
    UnionFactory,
    UserFactory,
    build_clause_world,
    staff_user,
)
from tests.factories.cohorts import held_cohort, open_cohort, participant
from tests.factories.people import PASSWORD
from tests.helpers.redis_outage import OUTAGES, cache_settings, celery_broker

pytestmark = pytest.mark.django_db

# Every request is answered within this, Redis or no Redis.
QUICK = 2.0
LOGIN = "/accounts/login/"
NEXT_YEAR = date.today().year + 1


@pytest.fixture(autouse=True)
def _no_outage_remembered():
    forget_outages()
    yield
    forget_outages()


@pytest.fixture(params=sorted(OUTAGES))
def dead_redis(request):
    """The URL of a Redis that is down (refusing, or silent)."""
    with OUTAGES[request.param]() as port:
        yield f"redis://127.0.0.1:{port}/0"


@pytest.fixture
def world(curriculum):
    europe = RegionFactory(name="Europe", slug="europe")
    build_clause_world(curriculum.home)
    track = curriculum.tracks["leaders"]
    upcoming = open_cohort(track, title="Leaders Europe", slug="leaders-europe", region=europe)
    running = held_cohort(track, days_ago=7, region=europe)
    live = running.sessions.get(seminar_number=2)
    live.starts_at = timezone.now() - timedelta(minutes=3)
    live.save()
    return SimpleNamespace(
        europe=europe,
        upcoming=upcoming,
        member=participant(upcoming, email="member@example.org").user,
        live=live,
        attendee=participant(running, email="attendee@example.org").user,
        applicant=UserFactory(
            email="ana@example.org",
            region=europe,
            union=UnionFactory(region=europe),
            union_role=UnionRole.LEADER,
        ),
        coordinator=staff_user(StaffRole.COORDINATOR, europe, email="coord@example.org"),
    )


def apply_form(person):
    return {
        "full_name": person.full_name,
        "region": person.region_id,
        "union": person.union_id,
        "union_role": person.union_role,
        "preferred_language": "en",
        "time_zone": "Europe/London",
        "interpretation_needs": "",
        "accessibility_needs": "",
        "commitment": "on",
        "recording_consent": "yes",
    }


def address(url):
    return url.removeprefix("redis://").removesuffix("/0")


def outage_warnings(caplog):
    return [r for r in caplog.records if r.levelno >= logging.WARNING and "unreachable" in r.msg]


def test_pages_sign_in_applying_checking_in_and_moving_work_with_redis_down(
    world, dead_redis, settings, caplog, django_capture_on_commit_callbacks
):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
    visitor, applicant, attendee, coordinator = Client(), Client(), Client(), Client()
    attendee.force_login(world.attendee)
    coordinator.force_login(world.coordinator)
    second = world.upcoming.sessions.get(seminar_number=2)
    steps = {
        "home page": lambda: visitor.get("/"),
        "catalogue": lambda: visitor.get("/cohorts/"),
        "clause library": lambda: visitor.get("/clauses/"),
        "sign-in page": lambda: visitor.get(LOGIN),
        "sign-in": lambda: applicant.post(
            LOGIN, {"login": world.applicant.email, "password": PASSWORD}
        ),
        "applying": lambda: applicant.post(
            "/cohorts/leaders-europe/apply/", apply_form(world.applicant)
        ),
        "checking in": lambda: attendee.post(
            reverse("attendance:check_in", args=[world.live.uid]),
            {"code": check_in_code(world.live)},
        ),
        "moving a seminar": lambda: coordinator.post(
            reverse("sessions:move", args=[second.pk]),
            {"new_start": f"{NEXT_YEAR}-05-12T16:00", "fold": "", "reason": "Public holiday"},
        ),
    }
    for path in ("/", "/cohorts/", "/clauses/", LOGIN):
        # Warm, as a server's processes are: the first render compiles the templates.
        assert visitor.get(path).status_code == 200
    answers = {}
    settings.CACHES = cache_settings(dead_redis, settings.REDIS_TIMEOUT)
    with celery_broker(dead_redis), caplog.at_level(logging.INFO):
        for name, step in steps.items():
            started = time.monotonic()
            with django_capture_on_commit_callbacks(execute=True):
                response = step()
            answers[name] = (response.status_code, time.monotonic() - started < QUICK)
        warnings = outage_warnings(caplog)

    assert answers == {
        "home page": (200, True),
        "catalogue": (200, True),
        "clause library": (200, True),
        "sign-in page": (200, True),
        "sign-in": (302, True),
        "applying": (302, True),
        "checking in": (302, True),
        "moving a seminar": (302, True),
    }
    # Logged once per outage, not once per request; the first request read the cache.
    assert [w.getMessage().split(" (")[0] for w in warnings] == [
        f"Redis at {address(dead_redis)} is unreachable from the cache"
    ]
    assert Enrolment.objects.get(user=world.applicant).status == EnrolmentStatus.APPLIED
    assert Attendance.objects.get(user=world.attendee).status == AttendanceStatus.PRESENT
    second.refresh_from_db()
    assert (second.status, second.sequence) == (SessionStatus.MOVED, 1)
    # Nothing went out, and nothing is lost: the outbox holds the messages.
    assert mail.outbox == []
    assert sorted(OutboxMessage.objects.values_list("to", "sent_at")) == [
        ("ana@example.org", None),
        ("member@example.org", None),
    ]

    # The broker is back: the sweep sends each message once.
    later = timezone.now() + SWEEP_GRACE
    assert (outbox_sweep(now=later), outbox_sweep(now=later)) == (2, 0)
    assert sorted(m.to[0] for m in mail.outbox) == ["ana@example.org", "member@example.org"]


def test_sign_in_limits_keep_counting_with_redis_down(dead_redis, settings, caplog):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
    person = UserFactory(email="ana@example.org")
    settings.CACHES = cache_settings(dead_redis, settings.REDIS_TIMEOUT)
    client = Client()
    wrong = [
        client.post(LOGIN, {"login": person.email, "password": "not the password"})
        for _attempt in range(5)
    ]
    sixth = client.post(LOGIN, {"login": person.email, "password": PASSWORD})

    incorrect = "The email address and/or password you specified are not correct."
    assert [r.context["form"].non_field_errors() for r in wrong] == [[incorrect]] * 5
    # The sixth attempt in five minutes is refused, right password or not.
    assert sixth.status_code == 200
    assert sixth.context["form"].non_field_errors() == [
        "Too many failed login attempts. Try again later."
    ]
    assert "_auth_user_id" not in client.session
    assert len(outage_warnings(caplog)) == 1


def test_a_request_queueing_many_tasks_waits_for_one_timeout_at_most(
    dead_redis, caplog, django_capture_on_commit_callbacks
):
    with celery_broker(dead_redis):
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            for message_id in range(1, 31):
                enqueue_after_commit(send_outbox_message, message_id)
        took = time.monotonic() - started
    assert (len(callbacks), took < QUICK) == (30, True)
    [warning] = outage_warnings(caplog)
    assert warning.getMessage().startswith(
        f"Redis at {address(dead_redis)} is unreachable from the task queue"
    )


def test_nothing_is_queued_when_the_change_rolls_back(
    dead_redis, django_capture_on_commit_callbacks
):
    with (
        celery_broker(dead_redis),
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        enqueue_after_commit(send_outbox_message, 1)
        raise RuntimeError("the change failed")
    assert callbacks == []


def test_a_check_in_that_completes_a_cohort_earns_the_certificate_once_the_broker_is_back(
    world, dead_redis, django_capture_on_commit_callbacks
):
    """The task a check-in queues is lost with the broker down; the hourly sweep issues."""
    enrolment = Enrolment.objects.get(user=world.attendee)
    first = world.live.cohort.sessions.get(seminar_number=1)
    attendance_save(
        session=first, marks={world.attendee.pk: Mark(status="present")}, by=world.coordinator
    )
    Submission.objects.create(
        enrolment=enrolment,
        status="accepted",
        submitted_at=timezone.now(),
        reviewed_at=timezone.now(),
    )
    client = Client()
    client.force_login(world.attendee)
    with celery_broker(dead_redis), django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("attendance:check_in", args=[world.live.uid]),
            {"code": check_in_code(world.live)},
        )
    assert response.status_code == 302
    assert Certificate.objects.count() == 0

    with django_capture_on_commit_callbacks(execute=True):
        assert issue_missed_certificates() == 1
        assert issue_missed_certificates() == 0
    assert list(Certificate.objects.values_list("enrolment_id", flat=True)) == [enrolment.pk]


def test_the_erasure_notice_waits_in_the_outbox_and_is_forgotten_once_sent(
    dead_redis, django_capture_on_commit_callbacks
):
    leaving = UserFactory(email="leaving@example.org", preferred_language="es")
    with celery_broker(dead_redis), django_capture_on_commit_callbacks(execute=True):
        person_erase(user=leaving)
    [notice] = OutboxMessage.objects.all()
    assert (notice.key.startswith(FORGET_ONCE_SENT + "account-erased:"), notice.to) == (
        True,
        "leaving@example.org",
    )
    assert mail.outbox == []

    later = timezone.now() + SWEEP_GRACE
    assert (outbox_sweep(now=later), outbox_sweep(now=later)) == (1, 0)
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["leaving@example.org"], "Se ha eliminado su cuenta")
    ]
    assert OutboxMessage.objects.count() == 0
