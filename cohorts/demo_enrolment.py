"""Demo enrolments: an open cohort with applications to review, a full one with a waiting
list, and a running one. Rows are written directly (no e-mails go out for demo data)."""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from cohorts.enums import CohortStatus, EnrolmentStatus
from cohorts.models import Cohort, Enrolment, Nomination
from lms.enums import UnionRole
from lms.models import Union, User

# Fictional given and family names, combined to make demo members.
GIVEN = ["Amina", "Bruno", "Chen", "Dalia", "Emeka", "Fatou", "Gabriel", "Hana", "Ines", "Jonas"]
FAMILY = ["Okafor-Lind", "Sato Ruiz", "Haddad Mora", "Kowal-Mbeki", "Lindqvist Sá", "Tanaka Pérez"]

# cohort slug -> (union role of its demo members, approved, waiting, applied)
PLANS = {
    "europe-union-leaders": (UnionRole.LEADER, 6, 0, 4),
    "asia-pacific-union-leaders": (UnionRole.LEADER, 12, 3, 2),
    "inter-america-union-leaders": (UnionRole.LEADER, 9, 0, 3),
}
FULL_DEMO_CAPACITY = {"asia-pacific-union-leaders": 12}


def demo_members(region, role, count, start):
    unions = list(Union.objects.filter(region=region).order_by("name"))
    people = []
    for index in range(start, start + count):
        email = f"member.{region.slug}.{index}@example.org"
        name = f"{GIVEN[index % len(GIVEN)]} {FAMILY[(index // len(GIVEN)) % len(FAMILY)]}"
        user, created = User.objects.get_or_create(
            email=email,
            defaults={
                "full_name": name,
                "region": region,
                "union": unions[index % len(unions)] if unions else None,
                "union_role": role,
                "preferred_language": "en",
                "time_zone": "UTC",
            },
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        people.append(user)
    return people


@transaction.atomic
def seed_enrolments():
    """Add the demo enrolments once (cohorts that already have enrolments are left alone)."""
    now = timezone.now()
    for slug, (role, approved, waiting, applied) in PLANS.items():
        cohort = Cohort.objects.filter(slug=slug).select_related("region").first()
        if cohort is None or cohort.enrolments.exists():
            continue
        if slug in FULL_DEMO_CAPACITY:
            cohort.capacity = FULL_DEMO_CAPACITY[slug]
        people = demo_members(cohort.region, role, approved + waiting + applied, 0)
        rows = []
        for index, person in enumerate(people):
            if index < approved:
                status, extra = EnrolmentStatus.APPROVED, {"decided_at": now}
            elif index < approved + waiting:
                status = EnrolmentStatus.WAITLISTED
                extra = {"decided_at": now, "waitlisted_at": now + timedelta(seconds=index)}
            else:
                status, extra = EnrolmentStatus.APPLIED, {}
            rows.append(
                Enrolment(
                    cohort=cohort,
                    user=person,
                    status=status,
                    commitment_confirmed=True,
                    recording_consent=index % 4 != 0,
                    **extra,
                )
            )
        Enrolment.objects.bulk_create(rows)
        if approved >= cohort.capacity:
            cohort.status = CohortStatus.FULL
        cohort.save(update_fields=["capacity", "status", "updated_at"])
    _seed_running_cohort(now)
    _seed_demo_participant()


def _seed_running_cohort(now):
    """The global curators' cohort began last week: it is running, with its places taken."""
    cohort = Cohort.objects.filter(slug="global-digital-curators").first()
    if cohort is None or cohort.status == CohortStatus.RUNNING:
        return
    first = cohort.sessions.order_by("starts_at").first()
    if first is None:
        return
    # Demo only: move the whole schedule back by whole weeks (keeping the local hour) so its
    # first seminar was 3 to 10 days ago and its last is still to come.
    weeks = (first.starts_at - (now - timedelta(days=10))).days // 7
    shift = timedelta(weeks=weeks)
    for session in cohort.sessions.all():
        session.starts_at -= shift
        session.save(update_fields=["starts_at"])
    cohort.status = CohortStatus.RUNNING
    cohort.save(update_fields=["status", "updated_at"])
    people = demo_members(cohort.region, UnionRole.UNION_STAFF, 14, 100)
    for person in people:
        Nomination.objects.get_or_create(
            cohort=cohort,
            email=person.email,
            defaults={"full_name": person.full_name, "union": person.union},
        )
    Enrolment.objects.bulk_create(
        Enrolment(
            cohort=cohort,
            user=person,
            status=EnrolmentStatus.APPROVED,
            commitment_confirmed=True,
            recording_consent=True,
            decided_at=now - timedelta(days=30),
        )
        for person in people
        if not cohort.enrolments.filter(user=person).exists()
    )


def _seed_demo_participant():
    """The demo participant has a place in the running cohort and is nominated for Europe's;
    a Kenyan union leader is their union's contact and may nominate its members."""
    contact = User.objects.filter(email="leader.kenya@example.org").select_related("union").first()
    if contact is not None and contact.union_id:
        contact.union.contacts.add(contact)
    person = User.objects.filter(email="participant@example.org").first()
    running = Cohort.objects.filter(slug="global-digital-curators").first()
    europe = Cohort.objects.filter(slug="europe-digital-curators").first()
    if person is None or running is None or europe is None:
        return
    nomination, _ = Nomination.objects.get_or_create(
        cohort=running,
        email=person.email,
        defaults={"full_name": person.full_name, "union": person.union},
    )
    if not Enrolment.objects.filter(cohort=running, user=person).exists():
        Enrolment.objects.create(
            cohort=running,
            user=person,
            nomination=nomination,
            status=EnrolmentStatus.APPROVED,
            commitment_confirmed=True,
            recording_consent=True,
            decided_at=timezone.now(),
        )
    Nomination.objects.get_or_create(
        cohort=europe,
        email=person.email,
        defaults={"full_name": person.full_name, "union": person.union},
    )
