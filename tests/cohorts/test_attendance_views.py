"""The register, the check-in code and progress pages in the admin; check-in and apologies
for participants; who may reach each of them."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cohorts.domain.attendance import Mark, attendance_save, check_in_code
from cohorts.enums import AttendanceStatus, EnrolmentStatus
from cohorts.models import Apology, Attendance, AttendanceChange
from lms.enums import StaffRole
from tests.factories import RegionFactory, UnionFactory, UserFactory, staff_user
from tests.factories.cohorts import held_cohort, open_cohort, participant
from tests.factories.people import PASSWORD

pytestmark = pytest.mark.django_db


def login(client, user):
    assert client.login(email=user.email, password=PASSWORD)


@pytest.fixture
def cohort(curriculum):
    return held_cohort(curriculum.tracks["leaders"], days_ago=7)  # seminar 1 held, 2 today


@pytest.fixture
def session(cohort):
    return cohort.sessions.get(seminar_number=1)


@pytest.fixture
def coordinator(cohort):
    return staff_user(StaffRole.COORDINATOR, cohort.region)


def register_url(session):
    return reverse("attendance_admin:register", args=[session.pk])


def _people(client_outsiders, cohort, curriculum):
    """Who must not reach a cohort's register, and who must."""
    other_region = RegionFactory()
    other_cohort = held_cohort(curriculum.tracks["leaders"], days_ago=7, region=other_region)
    withdrawn = participant(cohort)
    withdrawn.status = EnrolmentStatus.WITHDRAWN
    withdrawn.save()
    foreign_facilitator = staff_user(StaffRole.FACILITATOR, other_region)
    other_cohort.facilitators.add(foreign_facilitator)
    own_facilitator = staff_user(StaffRole.FACILITATOR, cohort.region)
    cohort.facilitators.add(own_facilitator)
    return {
        "outsiders": {
            "another cohort's participant": participant(other_cohort).user,
            "withdrawn participant": withdrawn.user,
            "the participant": participant(cohort).user,
            "coordinator of another region": staff_user(StaffRole.COORDINATOR, other_region),
            "facilitator of another cohort": foreign_facilitator,
            "curator of the region": staff_user(StaffRole.CURATOR, cohort.region),
        },
        "insiders": {
            "coordinator of the region": staff_user(StaffRole.COORDINATOR, cohort.region),
            "the cohort's facilitator": own_facilitator,
            "programme administrator": staff_user(StaffRole.PROGRAMME_ADMIN),
        },
    }


@pytest.mark.parametrize(
    "name",
    ["attendance_admin:register", "attendance_admin:check_in_code", "attendance_admin:changes"],
)
def test_session_pages_are_404_to_outsiders(client, cohort, session, curriculum, name):
    people = _people(client, cohort, curriculum)
    url = reverse(name, args=[session.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    for label, person in people["outsiders"].items():
        client.force_login(person)
        status = client.get(url).status_code
        # People without admin access are turned away by the admin itself; staff who may use
        # the admin find no such session.
        assert status in (302, 404), label
        if person.groups.exists():
            assert status == 404, label
    for label, person in people["insiders"].items():
        client.force_login(person)
        assert client.get(url).status_code == 200, label


@pytest.mark.parametrize("pk", ["0", "-1", str(2**63), "abc", "999999"])
def test_unknown_session_ids_are_404(client, coordinator, pk):
    login(client, coordinator)
    assert client.get(f"/admin/attendance/sessions/{pk}/").status_code == 404


def test_register_lists_people_with_apologies_and_escapes_names(client, session, coordinator):
    union = UnionFactory(name="Transport & Public Workers")
    person = participant(session.cohort, full_name="<script>alert(1)</script>", union=union).user
    Apology.objects.create(session=session, user=person, reason="<img src=x onerror=alert(2)>")
    login(client, coordinator)
    html = client.get(register_url(session)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html
    assert "Transport &amp; Public Workers" in html
    assert f'name="status-{person.pk}"' in html


def test_the_filter_survives_saving(client, session, coordinator):
    person = participant(session.cohort, full_name="Ana & Bo #1").user
    login(client, coordinator)
    response = client.post(
        register_url(session) + "?q=ana+%26+bo+%231", _post_all([person], "present")
    )
    assert response["Location"] == register_url(session) + "?q=ana+%26+bo+%231"


def test_register_filters_by_name_or_union(client, session, coordinator):
    union = UnionFactory(name="Nurses United", acronym="NU")
    participant(session.cohort, full_name="Aisha Bello", union=union)
    participant(session.cohort, full_name="Carlos Mendes")
    login(client, coordinator)
    for query, expected in (("nurses", ["Aisha Bello"]), ("mend", ["Carlos Mendes"]), ("", None)):
        response = client.get(register_url(session), {"q": query})
        names = [item["row"].user.full_name for item in response.context["rows"]]
        assert names == (expected or ["Aisha Bello", "Carlos Mendes"])


def _post_all(people, status="present", **extra):
    data = {"action": "save", **extra}
    for person in people:
        data[f"status-{person.pk}"] = status
        data[f"minutes-{person.pk}"] = ""
        data[f"note-{person.pk}"] = ""
    return data


def _queries(client, url, data):
    with CaptureQueriesContext(connection) as captured:
        response = client.post(url, data)
    assert response.status_code == 302
    return len(captured.captured_queries)


@pytest.mark.postgres
def test_a_300_person_register_saves_in_one_request_with_constant_queries(
    client, session, coordinator
):
    login(client, coordinator)
    url = register_url(session)
    everyone = [participant(session.cohort).user for _ in range(10)]
    small_create = _queries(client, url, _post_all(everyone, "late"))
    everyone += [participant(session.cohort).user for _ in range(290)]
    large_create = _queries(client, url, _post_all(everyone, "late"))
    small_update = _queries(client, url, _post_all(everyone[:10], "present"))
    large_update = _queries(client, url, _post_all(everyone, "present"))
    assert (small_create, small_update) == (large_create, large_update)
    assert Attendance.objects.filter(session=session, status="present").count() == 300
    assert AttendanceChange.objects.count() == 600


def test_a_300_person_register_saves_in_one_request(client, session, coordinator):
    login(client, coordinator)
    everyone = [participant(session.cohort).user for _ in range(300)]
    response = client.post(register_url(session), _post_all(everyone, "present"), follow=True)
    assert Attendance.objects.filter(session=session, status="present").count() == 300
    assert [str(m) for m in response.context["messages"]] == ["Register saved: 300 marks changed."]


def test_register_page_queries_do_not_grow(client, session, coordinator):
    login(client, coordinator)
    counts = []
    for size in (3, 30):
        people = [participant(session.cohort).user for _ in range(size)]
        attendance_save(
            session=session, marks={p.pk: Mark("present") for p in people}, by=coordinator
        )
        with CaptureQueriesContext(connection) as captured:
            assert client.get(register_url(session)).status_code == 200
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]


def test_mark_everyone_not_yet_marked(client, session, coordinator):
    marked, unmarked = participant(session.cohort).user, participant(session.cohort).user
    login(client, coordinator)
    data = {
        "action": "mark_unmarked",
        "bulk_status": "absent",
        f"status-{marked.pk}": "present",
        f"status-{unmarked.pk}": "",
    }
    client.post(register_url(session), data)
    assert dict(Attendance.objects.values_list("user", "status")) == {
        marked.pk: "present",
        unmarked.pk: "absent",
    }


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("status", "asleep", "Choose one of the statuses offered."),
        ("minutes", "abc", "Minutes attended must be a whole number."),
        ("minutes", "-5", "Minutes attended must be a whole number."),
        ("minutes", "181", "Minutes attended must be between 0 and 180, the seminar's length."),
        ("note", "x" * 501, "A note can be at most 500 characters long."),
    ],
)
def test_a_bad_row_saves_nothing_and_says_why(client, session, coordinator, field, value, error):
    good, bad = participant(session.cohort).user, participant(session.cohort).user
    login(client, coordinator)
    data = _post_all([good, bad])
    data[f"{field}-{bad.pk}"] = value
    response = client.post(register_url(session), data)
    assert response.status_code == 200
    rows = {item["row"].user.pk: item for item in response.context["rows"]}
    assert rows[bad.pk]["error"] == error
    assert rows[good.pk]["error"] is None
    assert Attendance.objects.count() == 0


@pytest.mark.parametrize("stranger", ["other", str(2**63), "0"])
def test_another_persons_id_saves_nothing(client, session, coordinator, curriculum, stranger):
    person = participant(session.cohort).user
    if stranger == "other":
        stranger = str(participant(held_cohort(curriculum.tracks["leaders"], days_ago=7)).user.pk)
    login(client, coordinator)
    data = _post_all([person])
    data[f"status-{stranger}"] = "present"
    response = client.post(register_url(session), data)
    assert response.context["non_field_errors"] == [
        "Some of these people are not on this seminar's register. Nothing was saved."
    ]
    assert Attendance.objects.count() == 0


def test_extra_fields_are_ignored(client, session, coordinator):
    person = participant(session.cohort).user
    login(client, coordinator)
    data = _post_all([person], is_staff="1", source="import", user=str(coordinator.pk))
    client.post(register_url(session), data)
    mark = Attendance.objects.get()
    assert (mark.user, mark.source, mark.updated_by) == (person, "register", coordinator)
    person.refresh_from_db()
    assert person.is_staff is False


def test_a_blank_for_a_marked_row_keeps_the_mark(client, session, coordinator):
    person = participant(session.cohort).user
    attendance_save(session=session, marks={person.pk: Mark("present")}, by=coordinator)
    login(client, coordinator)
    for action in ("save", "mark_unmarked"):
        data = {"action": action, "bulk_status": "absent", f"status-{person.pk}": ""}
        assert client.post(register_url(session), data).status_code == 302
    assert Attendance.objects.get().status == "present"
    assert AttendanceChange.objects.count() == 1


def test_saving_a_stale_register_does_not_overwrite_newer_marks(client, live, coordinator):
    checked_in, other = participant(live.cohort).user, participant(live.cohort).user
    login(client, coordinator)
    page = client.get(register_url(live))
    version = page.context["version"]
    # While the page is open, one person checks in.
    from cohorts.domain.attendance import attendance_check_in

    attendance_check_in(session=live, user=checked_in, code=check_in_code(live))
    data = {
        "action": "save",
        "version": version,
        f"status-{checked_in.pk}": "absent",
        f"status-{other.pk}": "absent",
    }
    response = client.post(register_url(live), data)
    assert response.status_code == 200
    assert response.context["non_field_errors"] == [
        "Someone else changed some of these marks while you were editing. Nothing was saved: "
        "check the marked rows and save again."
    ]
    rows = {item["row"].user.pk: item for item in response.context["rows"]}
    assert (rows[checked_in.pk]["status"], rows[checked_in.pk]["error"]) == (
        "present",
        "Changed by someone else meanwhile: now Present. This row shows it.",
    )
    assert rows[other.pk]["status"] == "absent"
    assert dict(Attendance.objects.values_list("user", "status")) == {checked_in.pk: "present"}
    # Saved again from the corrected page, it goes through.
    data["version"] = response.context["version"]
    data[f"status-{checked_in.pk}"] = "late"
    assert client.post(register_url(live), data).status_code == 302
    assert dict(Attendance.objects.values_list("user", "status")) == {
        checked_in.pk: "late",
        other.pk: "absent",
    }


def test_mark_unmarked_from_a_stale_page_leaves_a_check_in_alone(client, live, coordinator):
    person = participant(live.cohort).user
    login(client, coordinator)
    version = client.get(register_url(live)).context["version"]
    from cohorts.domain.attendance import attendance_check_in

    attendance_check_in(session=live, user=person, code=check_in_code(live))
    data = {
        "action": "mark_unmarked",
        "bulk_status": "absent",
        "version": version,
        f"status-{person.pk}": "",
    }
    assert client.post(register_url(live), data).status_code == 302
    assert Attendance.objects.get().status == "present"


def test_change_log_shows_who_changed_what(client, session, coordinator):
    person = participant(session.cohort, full_name="Dana Novak").user
    login(client, coordinator)
    client.post(register_url(session), _post_all([person], "absent"))
    client.post(register_url(session), _post_all([person], "excused"))
    response = client.get(reverse("attendance_admin:changes", args=[session.pk]))
    changes = [
        (c.attendance.user.full_name, c.status_before, c.status_after, c.changed_by)
        for c in response.context["page"].object_list
    ]
    assert changes == [
        ("Dana Novak", "absent", "excused", coordinator),
        ("Dana Novak", "", "absent", coordinator),
    ]


def test_makeup_guest_is_added_from_the_register(client, cohort, curriculum):
    home = held_cohort(curriculum.tracks["leaders"], days_ago=14)
    person = participant(home, email="guest@example.org").user
    admin = staff_user(StaffRole.PROGRAMME_ADMIN)
    attendance_save(
        session=home.sessions.get(seminar_number=1),
        marks={person.pk: Mark("excused")},
        by=admin,
    )
    session = cohort.sessions.get(seminar_number=1)
    login(client, admin)
    response = client.post(
        register_url(session), {"add_guest": "1", "email": "GUEST@example.org", "status": "present"}
    )
    assert response.status_code == 302
    assert Attendance.objects.get(session=session).is_makeup is True
    response = client.post(
        register_url(session),
        {"add_guest": "1", "email": "nobody@example.org", "status": "present"},
    )
    assert response.context["guest_form"].errors == {
        "email": ["Nobody has an account with this address, or it has not been confirmed yet."]
    }


def test_check_in_code_page_shows_code_and_qr_only_while_open(client, cohort, coordinator):
    live = cohort.sessions.get(seminar_number=2)
    live.starts_at = timezone.now() - timedelta(minutes=1)
    live.save()
    login(client, coordinator)
    response = client.get(reverse("attendance_admin:check_in_code", args=[live.pk]))
    code = response.context["code"]
    html = response.content.decode()
    assert code == check_in_code(live)
    assert f'data-code="{code}"' in html
    assert "<svg" in html
    assert response["Cache-Control"].startswith("max-age=0")
    held = cohort.sessions.get(seminar_number=1)
    response = client.get(reverse("attendance_admin:check_in_code", args=[held.pk]))
    assert "code" not in response.context
    html = response.content.decode()
    assert "data-code" not in html
    assert "QR code that opens the check-in page" not in html
    assert "Check-in is open from" in html


# --- Participants ------------------------------------------------------------------------


@pytest.fixture
def live(cohort):
    live = cohort.sessions.get(seminar_number=2)
    live.starts_at = timezone.now() - timedelta(minutes=3)
    live.save()
    return live


def test_participant_checks_in_with_the_code_from_the_qr(client, live):
    person = participant(live.cohort).user
    login(client, person)
    url = reverse("attendance:check_in", args=[live.uid])
    code = check_in_code(live)
    response = client.get(url, {"code": code})
    assert response.context["form"].initial == {"code": code}
    response = client.post(url, {"code": code}, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "You are checked in to seminar 2. Welcome!"
    ]
    assert Attendance.objects.get().status == AttendanceStatus.PRESENT
    # A second check-in changes nothing.
    response = client.post(url, {"code": code})
    assert Attendance.objects.count() == 1
    assert AttendanceChange.objects.count() == 1


def test_wrong_code_shows_the_error_on_the_field(client, live):
    person = participant(live.cohort).user
    login(client, person)
    response = client.post(reverse("attendance:check_in", args=[live.uid]), {"code": "000000x"})
    assert response.context["form"].errors == {
        "code": ["That code is wrong or has expired. Check the code the facilitator shows now."]
    }
    assert response.context["attempts_left"] == 4
    assert Attendance.objects.count() == 0


def test_check_in_and_apology_pages_are_404_without_a_place(client, live, curriculum):
    withdrawn = participant(live.cohort)
    withdrawn.status = EnrolmentStatus.WITHDRAWN
    withdrawn.save()
    other = participant(held_cohort(curriculum.tracks["leaders"], days_ago=7)).user
    staff = staff_user(StaffRole.COORDINATOR, RegionFactory())
    for name in ("attendance:check_in", "attendance:apology"):
        url = reverse(name, args=[live.uid])
        assert client.get(url).status_code == 302  # to sign in
        for person in (withdrawn.user, other, staff, UserFactory()):
            client.force_login(person)
            assert client.get(url).status_code == 404
            assert client.post(url, {"code": check_in_code(live), "reason": "x"}).status_code == 404
        client.logout()
    assert Attendance.objects.count() == 0
    assert Apology.objects.count() == 0


def test_participant_sends_and_withdraws_an_apology(client, curriculum):
    cohort = open_cohort(curriculum.tracks["leaders"])
    session = cohort.sessions.get(seminar_number=1)
    person = participant(cohort).user
    login(client, person)
    url = reverse("attendance:apology", args=[session.uid])
    response = client.post(url, {"reason": ""})
    assert response.context["form"].errors == {"reason": ["This field is required."]}
    client.post(url, {"reason": "Bargaining session with the ministry"})
    assert list(Apology.objects.values_list("reason", flat=True)) == [
        "Bargaining session with the ministry"
    ]
    client.post(url, {"withdraw": "1"})
    assert Apology.objects.count() == 0


def test_my_cohorts_shows_check_in_progress_and_apology_links(client, live):
    person = participant(live.cohort).user
    login(client, person)
    html = client.get(reverse("mine:dashboard")).content.decode()
    assert reverse("attendance:check_in", args=[live.uid]) in html
    assert "Towards your certificate" in html
    assert "Seminar 1 is not yet marked." in html
