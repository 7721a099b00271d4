"""Coordinators review enrolment applications in the admin, only in their own regions."""

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from cohorts.domain.enrolment import enrolment_apply, enrolment_approve, waitlist_position
from cohorts.enums import CohortStatus, EnrolmentStatus
from cohorts.models import Enrolment, Nomination
from lms.enums import StaffRole, UnionRole
from lms.models import OutboxMessage
from tests.factories import CohortFactory, RegionFactory, UnionFactory, UserFactory, staff_user
from tests.factories.people import PASSWORD

pytestmark = pytest.mark.django_db

REVIEW = "enrolments:review"


@pytest.fixture
def world(curriculum):
    europe = RegionFactory(name="Europe", slug="europe")
    asia = RegionFactory(name="Asia-Pacific", slug="asia-pacific")
    track = curriculum.tracks["leaders"]
    return {
        "europe": europe,
        "asia": asia,
        "union": UnionFactory(name="Nordic Health Union", region=europe, country="SE"),
        "london": CohortFactory(
            track=track, region=europe, title="London", status=CohortStatus.OPEN, capacity=2
        ),
        "manila": CohortFactory(
            track=track, region=asia, title="Manila", status=CohortStatus.OPEN, capacity=2
        ),
        "eu_coordinator": staff_user(StaffRole.COORDINATOR, europe, full_name="Coord Europe"),
        "asia_coordinator": staff_user(StaffRole.COORDINATOR, asia, full_name="Coord Asia"),
        "admin": staff_user(StaffRole.PROGRAMME_ADMIN, full_name="Programme Admin"),
    }


def login(client, user):
    assert client.login(email=user.email, password=PASSWORD)


def apply(cohort, name, **fields):
    """An eligible leader applies through the domain function."""
    person = UserFactory(full_name=name, union_role=UnionRole.LEADER, **fields)
    return enrolment_apply(
        cohort=cohort, user=person, profile={}, commitment=True, recording_consent=True
    )


def statuses(*enrolments):
    return [Enrolment.objects.get(pk=e.pk).status for e in enrolments]


def texts(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def review(client, data, *, follow=False):
    """Submit the review form; `follow` shows (and so uses up) the messages at once."""
    return client.post(reverse(REVIEW), data, follow=follow)


def listed_people(response):
    return [str(e.user) for e in response.context["object_list"]]


def test_listing_shows_only_the_viewers_regions(client, world):
    apply(world["london"], "Ana London", union=world["union"])
    apply(world["manila"], "Maria Manila")
    login(client, world["eu_coordinator"])
    response = client.get(reverse("enrolments:index"))
    assert response.status_code == 200
    assert listed_people(response) == ["Ana London"]
    content = response.content.decode()
    assert "Nordic Health Union (SE)" in content
    assert "Maria Manila" not in content
    client.logout()
    login(client, world["asia_coordinator"])
    assert listed_people(client.get(reverse("enrolments:index"))) == ["Maria Manila"]
    client.logout()
    login(client, world["admin"])
    assert listed_people(client.get(reverse("enrolments:index"))) == ["Ana London", "Maria Manila"]


def test_listing_filters_and_search(client, world):
    apply(world["london"], "Ana London", union=world["union"], preferred_language="es")
    apply(world["london"], "Bea London")
    login(client, world["eu_coordinator"])
    index = reverse("enrolments:index")
    assert listed_people(client.get(index, {"union": world["union"].pk})) == ["Ana London"]
    assert listed_people(client.get(index, {"country": "SE"})) == ["Ana London"]
    assert listed_people(client.get(index, {"language": "es"})) == ["Ana London"]
    assert listed_people(client.get(index, {"q": "bea"})) == ["Bea London"]
    assert listed_people(client.get(index, {"status": "approved"})) == []
    # Another region's cohort is not a choice, so the filter is ignored, never leaking rows.
    response = client.get(index, {"cohort": world["manila"].pk})
    assert listed_people(response) == ["Ana London", "Bea London"]
    cohort_choices = list(response.context["filters"].filters["cohort"].queryset)
    assert cohort_choices == [world["london"]]


def test_inspect_shows_the_application_in_own_region_only(client, world):
    union = world["union"]
    mine = apply(
        world["london"],
        "Ana London",
        union=union,
        time_zone="Europe/Stockholm",
        accessibility_needs="Captions, please",
    )
    theirs = apply(world["manila"], "Maria Manila")
    login(client, world["eu_coordinator"])
    response = client.get(reverse("enrolments:inspect", args=[mine.pk]))
    assert response.status_code == 200
    fields = {str(f["label"]): str(f["value"]) for f in response.context["fields"]}
    assert fields["Affiliate union"] == "Nordic Health Union (SE)"
    assert fields["Role in the union"] == "Elected leader or senior officer"
    assert fields["Time zone"] == "Europe/Stockholm"
    assert fields["Accessibility needs"] == "Captions, please"
    assert fields["Agrees to be recorded"] == "Yes"
    assert fields["Nomination"] == "Not nominated"
    assert fields["Status"] == "Application received"
    assert client.get(reverse("enrolments:inspect", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("enrolments:history", args=[theirs.pk])).status_code == 404


def test_there_is_no_generic_add_edit_or_delete(client, world):
    mine = apply(world["london"], "Ana London")
    login(client, world["admin"])
    for name, args in (
        ("enrolments:add", []),
        ("enrolments:edit", [mine.pk]),
        ("enrolments:delete", [mine.pk]),
        ("nominations:add", []),
        ("nominations:edit", [1]),
        ("nominations:delete", [1]),
    ):
        with pytest.raises(NoReverseMatch):
            reverse(name, args=args)
    assert client.get(f"/admin/enrolments/edit/{mine.pk}/").status_code == 404
    assert client.post(f"/admin/enrolments/delete/{mine.pk}/").status_code == 404
    assert statuses(mine) == [EnrolmentStatus.APPLIED]


def test_review_is_scoped_to_the_viewers_regions(client, world):
    ana = apply(world["london"], "Ana London")
    maria = apply(world["manila"], "Maria Manila")
    login(client, world["eu_coordinator"])
    response = client.get(reverse(REVIEW))
    assert [r["enrolment"] for r in response.context["rows"]] == [ana]
    assert client.get(reverse(REVIEW), {"cohort": world["manila"].pk}).status_code == 404
    assert client.get(reverse(REVIEW), {"cohort": "abc"}).status_code == 404
    response = client.get(reverse(REVIEW), {"cohort": world["london"].pk})
    assert [r["enrolment"] for r in response.context["rows"]] == [ana]
    client.logout()
    login(client, world["admin"])
    response = client.get(reverse(REVIEW))
    assert [r["enrolment"] for r in response.context["rows"]] == [ana, maria]


def test_review_needs_the_change_permission(client, world):
    ana = apply(world["london"], "Ana London")
    curator = staff_user(StaffRole.CURATOR, full_name="Cura Tor")
    login(client, curator)
    # Wagtail answers a refused permission with a redirect to the dashboard.
    for response in (
        client.get(reverse(REVIEW)),
        review(client, {"action": "approve", "selected": [ana.pk]}),
        client.get(reverse("enrolments:index")),
    ):
        assert (response.status_code, response.url) == (302, reverse("wagtailadmin_home"))
    assert statuses(ana) == [EnrolmentStatus.APPLIED]


def test_bulk_approve_fills_the_places_then_the_waiting_list_in_order(client, world):
    london = world["london"]
    people = [apply(london, f"Person {n}") for n in range(1, 6)]
    login(client, world["eu_coordinator"])
    response = review(client, {"action": "approve", "selected": [e.pk for e in people]})
    assert response.status_code == 302
    assert response.url == reverse(REVIEW)
    assert statuses(*people) == [
        EnrolmentStatus.APPROVED,
        EnrolmentStatus.APPROVED,
        EnrolmentStatus.WAITLISTED,
        EnrolmentStatus.WAITLISTED,
        EnrolmentStatus.WAITLISTED,
    ]
    assert [waitlist_position(Enrolment.objects.get(pk=e.pk)) for e in people[2:]] == [1, 2, 3]
    assert texts(response) == [
        "2 applications approved.",
        "3 people put on the waiting list (no places left).",
    ]
    london.refresh_from_db()
    assert london.status == CohortStatus.FULL
    assert set(Enrolment.objects.filter(cohort=london).values_list("decided_by", flat=True)) == {
        world["eu_coordinator"].pk
    }


def test_approving_twice_reports_each_refusal_by_name(client, world):
    ana = apply(world["london"], "Ana London")
    login(client, world["eu_coordinator"])
    review(client, {"action": "approve", "selected": [ana.pk]}, follow=True)
    response = review(client, {"action": "approve", "selected": [ana.pk]})
    assert texts(response) == [
        "Not changed: Ana London. Only applications awaiting a decision can be approved "
        "(this one: Place confirmed)."
    ]


def test_decline_without_a_reason_is_refused_and_changes_nothing(
    client, world, django_capture_on_commit_callbacks
):
    ana = apply(world["london"], "Ana London")
    login(client, world["eu_coordinator"])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = review(client, {"action": "decline", "reason": "   ", "selected": [ana.pk]})
    assert response.status_code == 200
    assert response.context["form"].errors == {"reason": ["Give the reason the person will read."]}
    assert statuses(ana) == [EnrolmentStatus.APPLIED]
    assert (len(callbacks), mail.outbox) == (0, [])


def test_decline_with_a_reason_emails_the_person(client, world, django_capture_on_commit_callbacks):
    ana = apply(world["london"], "Ana London", email="ana@example.org")
    bea = apply(world["london"], "Bea London")
    outbox_before = OutboxMessage.objects.count()
    login(client, world["eu_coordinator"])
    reason = "This cohort is for the health sector."
    with django_capture_on_commit_callbacks(execute=True):
        response = review(client, {"action": "decline", "reason": reason, "selected": [ana.pk]})
    assert response.status_code == 302
    assert texts(response) == ["1 application declined."]
    ana.refresh_from_db()
    assert (ana.status, ana.decision_reason, ana.decided_by) == (
        EnrolmentStatus.DECLINED,
        reason,
        world["eu_coordinator"],
    )
    assert statuses(bea) == [EnrolmentStatus.APPLIED]
    assert OutboxMessage.objects.count() == outbox_before + 1
    assert [m.to for m in mail.outbox] == [["ana@example.org"]]
    assert reason in mail.outbox[0].body


def test_removing_a_place_offers_it_to_the_waiting_list(
    client, world, django_capture_on_commit_callbacks
):
    people = [apply(world["london"], f"Person {n}") for n in range(1, 4)]
    login(client, world["eu_coordinator"])
    review(client, {"action": "approve", "selected": [e.pk for e in people]}, follow=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = review(
            client, {"action": "remove", "reason": "Left the union.", "selected": [people[0].pk]}
        )
    assert texts(response) == ["1 person removed from the cohort."]
    assert statuses(*people) == [
        EnrolmentStatus.REMOVED,
        EnrolmentStatus.APPROVED,
        EnrolmentStatus.OFFERED,
    ]
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [people[0].user.email, people[2].user.email]
    )


BAD_SELECTIONS = ["other-region", "missing", "0", "-1", str(2**63), "abc", "1.0", ""]


@pytest.mark.parametrize("bad", BAD_SELECTIONS)
def test_bad_ids_are_refused_and_change_nothing(client, world, bad):
    ana = apply(world["london"], "Ana London")
    maria = apply(world["manila"], "Maria Manila")
    value = {
        "other-region": str(maria.pk),
        "missing": str(Enrolment.objects.order_by("-pk").first().pk + 1),
    }.get(bad, bad)
    login(client, world["eu_coordinator"])
    response = review(client, {"action": "approve", "selected": [str(ana.pk), value]})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "__all__": [
            "Some of the selected applications do not exist or are not in your regions. "
            "Nothing was changed."
        ]
    }
    assert statuses(ana, maria) == [EnrolmentStatus.APPLIED, EnrolmentStatus.APPLIED]
    assert Enrolment.objects.filter(decided_by__isnull=False).count() == 0


def test_an_empty_selection_is_refused(client, world):
    apply(world["london"], "Ana London")
    login(client, world["eu_coordinator"])
    response = review(client, {"action": "approve"})
    assert response.context["form"].errors == {"__all__": ["Select at least one application."]}


def test_an_ineligible_application_needs_an_override_reason(client, world):
    person = UserFactory(full_name="Ivan Activist", union_role=UnionRole.ACTIVIST)
    enrolment = Enrolment.objects.create(
        cohort=world["london"], user=person, commitment_confirmed=True
    )
    login(client, world["eu_coordinator"])
    response = review(client, {"action": "approve", "selected": [enrolment.pk]}, follow=True)
    [message] = [str(m) for m in response.context["messages"]]
    assert message.startswith("Not changed: Ivan Activist. Ivan Activist is not eligible: ")
    assert message.endswith("Give a reason to admit them anyway.")
    assert statuses(enrolment) == [EnrolmentStatus.APPLIED]
    response = review(
        client,
        {
            "action": "approve",
            "override_reason": "Acting branch secretary",
            "selected": [enrolment.pk],
        },
    )
    assert texts(response) == ["1 application approved."]
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.eligibility_override) == (
        EnrolmentStatus.APPROVED,
        "Acting branch secretary",
    )


def test_single_row_action_preselects_the_row(client, world):
    ana = apply(world["london"], "Ana London")
    apply(world["london"], "Bea London")
    login(client, world["eu_coordinator"])
    listing = client.get(reverse("enrolments:index")).content.decode()
    url = f"{reverse(REVIEW)}?selected={ana.pk}&amp;action=decline"
    assert url in listing
    response = client.get(reverse(REVIEW), {"selected": ana.pk, "action": "decline"})
    assert [(r["enrolment"], r["checked"]) for r in response.context["rows"]] == [(ana, True)]
    assert response.context["form"].initial == {"action": "decline"}
    # Another region's id pre-selects nothing.
    maria = apply(world["manila"], "Maria Manila")
    response = client.get(reverse(REVIEW), {"selected": maria.pk})
    assert response.context["rows"] == []


def test_cohort_listing_links_to_review_and_nominate(client, world):
    login(client, world["eu_coordinator"])
    content = client.get(reverse("cohorts:index")).content.decode()
    london = world["london"]
    assert f"{reverse(REVIEW)}?cohort={london.pk}" in content
    assert reverse("catalogue:nominate", args=[london.slug]) in content
    assert f"{reverse(REVIEW)}?cohort={world['manila'].pk}" not in content


def _listing_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("url_name", ["enrolments:index", REVIEW])
def test_listing_queries_do_not_grow_with_rows(
    client, world, url_name, django_assert_max_num_queries
):
    london = world["london"]
    london.capacity = 1
    london.save()
    union = world["union"]
    login(client, world["eu_coordinator"])

    def add(count, start):
        people = [apply(london, f"Person {start + n}", union=union) for n in range(count)]
        # One place: the first is approved, the rest wait (each row shows its position).
        client.post(reverse(REVIEW), {"action": "approve", "selected": [e.pk for e in people]})

    add(3, 0)
    url = reverse(url_name)
    few = _listing_queries(client, url)
    add(27, 3)
    assert Enrolment.objects.filter(status=EnrolmentStatus.WAITLISTED).count() == 29
    with django_assert_max_num_queries(few):
        response = client.get(url)
    rows = response.context["object_list"] if url_name != REVIEW else response.context["rows"]
    assert len(rows) == 30
    content = response.content.decode()
    assert "No. 1 on the waiting list" in content
    assert "No. 29 on the waiting list" in content


def test_nomination_listing_is_scoped(client, world):
    Nomination.objects.create(
        cohort=world["london"], email="n1@example.org", full_name="Nina Europe"
    )
    Nomination.objects.create(cohort=world["manila"], email="n2@example.org", full_name="Nam Asia")
    login(client, world["eu_coordinator"])
    response = client.get(reverse("nominations:index"))
    assert response.status_code == 200
    assert [n.full_name for n in response.context["object_list"]] == ["Nina Europe"]
    manila_nomination = Nomination.objects.get(full_name="Nam Asia")
    assert (
        client.get(reverse("nominations:inspect", args=[manila_nomination.pk])).status_code == 404
    )


def _cohort_form(cohort, **changes):
    data = {
        "title": cohort.title,
        "slug": cohort.slug,
        "track": cohort.track_id,
        "region": cohort.region_id,
        "language": cohort.language,
        "time_zone": cohort.time_zone,
        "capacity": str(cohort.capacity),
        "delivery_mode": cohort.delivery_mode,
        "description": "",
        "present_percent": str(cohort.present_percent),
        "attended_min_percent": str(cohort.attended_min_percent),
    }
    data.update(changes)
    return data


def test_raising_the_capacity_offers_the_new_places_to_those_waiting(
    client, world, django_capture_on_commit_callbacks
):
    london = world["london"]
    first, second, third, fourth = (apply(london, name) for name in ("Ana", "Ben", "Cleo", "Dan"))
    for enrolment in (first, second, third, fourth):
        enrolment_approve(enrolment=enrolment, by=world["eu_coordinator"])
    assert statuses(third, fourth) == [EnrolmentStatus.WAITLISTED] * 2
    login(client, world["eu_coordinator"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("cohorts:edit", args=[london.pk]), _cohort_form(london, capacity="3")
        )
    assert response.status_code == 302
    # The first person waiting is offered the new place; the second keeps waiting.
    assert statuses(third, fourth) == [EnrolmentStatus.OFFERED, EnrolmentStatus.WAITLISTED]
    assert [m.to for m in mail.outbox] == [[third.user.email]]
    london.refresh_from_db()
    assert (london.capacity, london.status) == (3, CohortStatus.FULL)


def test_capacity_cannot_drop_below_the_places_taken(client, world):
    london = world["london"]
    for name in ("Ana", "Ben"):
        enrolment_approve(enrolment=apply(london, name), by=world["eu_coordinator"])
    login(client, world["eu_coordinator"])
    response = client.post(
        reverse("cohorts:edit", args=[london.pk]), _cohort_form(london, capacity="1")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["capacity"] == [
        "2 places are already taken or offered: the capacity cannot be lower. "
        "Remove people from the cohort first."
    ]
    london.refresh_from_db()
    assert london.capacity == 2
