import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page, Site

from cohorts.domain.completion import cohort_completion
from cohorts.enums import CohortStatus, EnrolmentStatus, ProgressState
from cohorts.models import (
    Apology,
    Attendance,
    Certificate,
    Cohort,
    Enrolment,
    Nomination,
    Recording,
    Session,
    Submission,
)
from courses.demo import seed_curriculum
from courses.models import ModulePage, ReferenceMaterial, Topic, TrackPage
from lms.domain.roles import coordinated_regions
from lms.enums import StaffRole
from lms.models import Region, RoleAssignment, Union, User

pytestmark = pytest.mark.django_db


def counts():
    return {
        "regions": Region.objects.count(),
        "unions": Union.objects.count(),
        "users": User.objects.count(),
        "roles": RoleAssignment.objects.count(),
        "pages": Page.objects.count(),
        "topics": Topic.objects.count(),
        "sites": Site.objects.count(),
        "cohorts": Cohort.objects.count(),
        "sessions": Session.objects.count(),
        "enrolments": Enrolment.objects.count(),
        "nominations": Nomination.objects.count(),
        "attendance": Attendance.objects.count(),
        "apologies": Apology.objects.count(),
        "submissions": Submission.objects.count(),
        "certificates": Certificate.objects.count(),
        "recordings": Recording.objects.count(),
        "materials": ReferenceMaterial.objects.count(),
    }


def test_seed_demo_builds_the_programme_and_is_idempotent(client):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = counts()
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert counts() == first

    assert list(Region.objects.values_list("name", flat=True)) == [
        "Africa & Arab countries",
        "Inter-America",
        "Asia-Pacific",
        "Europe",
        "Global",
    ]
    assert first["topics"] == 7
    tracks = {t.kind: t for t in TrackPage.objects.live()}
    assert {kind: t.seminar_count for kind, t in tracks.items()} == {
        "curator": 3,
        "leader": 2,
        "representative": 2,
    }
    for track in tracks.values():
        numbers = list(
            ModulePage.objects.child_of(track)
            .live()
            .order_by("number")
            .values_list("number", flat=True)
        )
        assert numbers == list(range(1, track.seminar_count + 1))
    assert tracks["leader"].prerequisite_id == tracks["curator"].pk
    assert tracks["representative"].prerequisite_id == tracks["leader"].pk

    # Every role has somebody; every address is a verified example.org one.
    held = set(RoleAssignment.objects.values_list("role", flat=True))
    assert held == {role.value for role in StaffRole}
    assert all(
        email.endswith("@example.org") for email in User.objects.values_list("email", flat=True)
    )
    assert EmailAddress.objects.filter(verified=True).count() == User.objects.count()

    # Every track runs in every region; sessions spread over several months.
    # (plus a finished pilot cohort of union leaders, with its two sessions).
    assert first["cohorts"] == 16 and first["sessions"] == 37
    assert sorted(set(Cohort.objects.values_list("region__slug", flat=True))) == [
        "africa-arab",
        "asia-pacific",
        "europe",
        "global",
        "inter-america",
    ]
    # Ten cohorts opened for enrolment; of those one is full and one already running.
    assert Cohort.objects.filter(status=CohortStatus.OPEN).count() == 8
    assert sorted(
        Cohort.objects.filter(status__in=[CohortStatus.FULL, CohortStatus.RUNNING]).values_list(
            "slug", "status"
        )
    ) == [
        ("asia-pacific-union-leaders", CohortStatus.FULL),
        ("global-digital-curators", CohortStatus.RUNNING),
    ]
    span = (
        Session.objects.order_by("-starts_at").first().starts_at
        - Session.objects.order_by("starts_at").first().starts_at
    )
    assert span.days >= 120

    europe = User.objects.get(email="coordinator.europe@example.org")
    assert list(coordinated_regions(europe).values_list("slug", flat=True)) == ["europe"]

    for url in [
        "/",
        "/programme/",
        "/programme/digital-curators/",
        "/programme/union-leaders/seminar-2/",
        "/privacy/",
    ]:
        assert client.get(url).status_code == 200, url


def test_demo_login_works(client):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    response = client.post(
        "/accounts/login/", {"login": "admin@example.org", "password": "union-demo-2026"}
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_seed_demo_has_open_full_and_running_cohorts_with_people():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    def tally(slug):
        cohort = Cohort.objects.get(slug=slug)
        statuses = {}
        for status in cohort.enrolments.values_list("status", flat=True):
            statuses[status] = statuses.get(status, 0) + 1
        return cohort.status, cohort.capacity, statuses

    assert tally("europe-union-leaders") == (
        CohortStatus.OPEN,
        40,
        {EnrolmentStatus.APPROVED: 6, EnrolmentStatus.APPLIED: 4},
    )
    assert tally("asia-pacific-union-leaders") == (
        CohortStatus.FULL,
        12,
        {EnrolmentStatus.APPROVED: 12, EnrolmentStatus.WAITLISTED: 3, EnrolmentStatus.APPLIED: 2},
    )
    status, _capacity, statuses = tally("global-digital-curators")
    assert (status, statuses) == (CohortStatus.RUNNING, {EnrolmentStatus.APPROVED: 15})
    running = Cohort.objects.get(slug="global-digital-curators")
    assert running.sessions.order_by("starts_at").first().starts_at < timezone.now()
    participant = User.objects.get(email="participant@example.org")
    assert sorted(participant.enrolments.values_list("cohort__slug", "status")) == [
        ("global-digital-curators", EnrolmentStatus.APPROVED),
        ("global-union-leaders-pilot", EnrolmentStatus.APPROVED),
    ]
    assert all(
        email.endswith("@example.org") for email in User.objects.values_list("email", flat=True)
    )


def test_seed_demo_has_registers_progress_and_certificates():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    running = Cohort.objects.get(slug="global-digital-curators")
    held = running.sessions.filter(starts_at__lt=timezone.now()).order_by("starts_at").first()
    statuses = sorted(set(held.attendances.values_list("status", flat=True)))
    assert statuses == ["excused", "late", "left_early", "present"]
    assert held.attendances.count() == 15
    assert Apology.objects.filter(session__cohort=running).count() == 1
    assert sorted(
        Submission.objects.filter(enrolment__cohort=running).values_list("status", flat=True)
    ) == ["needs_revision", "submitted"]
    pilot = Cohort.objects.get(slug="global-union-leaders-pilot")
    states = [p.state for p in cohort_completion(pilot)]
    assert sorted(states) == [ProgressState.AT_RISK] + [ProgressState.COMPLETED] * 7
    holder = Certificate.objects.get(enrolment__user__email="participant@example.org")
    assert holder.is_valid and holder.enrolment.cohort == pilot


def test_seed_demo_has_a_recording_for_the_track_and_a_library():
    from django.contrib.auth.models import AnonymousUser

    from cohorts.domain.recordings import recordings_visible_to
    from courses.domain.materials import materials_visible_to

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    (recording,) = Recording.objects.all()
    assert (recording.visibility, recording.chapters.count()) == ("track", 3)
    assert recording.approved_at is not None
    participant = User.objects.get(email="participant@example.org")
    assert list(recordings_visible_to(participant)) == [recording]
    assert list(recordings_visible_to(AnonymousUser())) == []
    assert ReferenceMaterial.objects.count() == 5
    assert materials_visible_to(AnonymousUser()).count() == 2
    assert materials_visible_to(participant).count() == 5


def test_the_demo_site_is_where_the_links_point(client, settings):
    """`make run PORT=8101` gives BASE_URL: the demo's default site, and so the full URLs of
    its pages (the sitemap), follow it, also when the demo is seeded again elsewhere.
    (The site is seed_curriculum's part of seed_demo: the rest is left out for speed.)"""
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8101"
    seed_curriculum()
    site = Site.objects.get()
    assert (site.hostname, site.port, site.is_default_site) == ("127.0.0.1", 8101, True)
    assert "<loc>http://127.0.0.1:8101/programme/</loc>" in client.get("/sitemap.xml").text

    settings.WAGTAILADMIN_BASE_URL = "https://demo.example.org/"
    seed_curriculum()
    assert list(Site.objects.values_list("hostname", "port", "is_default_site")) == [
        ("demo.example.org", 443, True)
    ]
