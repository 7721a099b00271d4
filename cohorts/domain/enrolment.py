"""Enrolment rules: apply, approve, wait-list, offer, withdraw, with never one seat too many.

Every change that takes or frees a place locks the cohort's row first
(`select_for_update`), so approvals, withdrawals and offers on one cohort run
one after another whatever runs at the same time; the count of places held
(approved plus offered) is read under that lock and can never pass the
capacity. A partial unique constraint keeps one current enrolment per person
and cohort. Each change records its e-mail in the outbox in the same
transaction.
"""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cohorts.enums import (
    ACTIVE_ENROLMENT_STATUSES,
    ENROLLING_COHORT_STATUSES,
    SEAT_HOLDING_STATUSES,
    CohortStatus,
    EnrolmentStatus,
    SessionStatus,
)
from cohorts.models import Cohort, Enrolment, Nomination
from lms.domain.people import person_record_consent
from lms.enums import ConsentPurpose
from lms.languages import person_language

from . import enrolment_mail
from .eligibility import (
    eligibility_problem,
    enrolment_window_problem,
    nomination_for,
    nomination_of_person,
)
from .exceptions import EnrolmentError

# What coordinators need to know of an applicant to decide and plan (union, role, language,
# zone, interpretation and accessibility needs) ...
APPLICANT_FIELDS = (
    "union",
    "union_role",
    "preferred_language",
    "time_zone",
    "interpretation_needs",
    "accessibility_needs",
)
# ... and the profile a participant confirms when applying.
PROFILE_FIELDS = ("full_name", "region", *APPLICANT_FIELDS)


def _lock_cohort(cohort_id: int) -> Cohort:
    # of=("self",): lock the cohort's row only, not its track page or region.
    return (
        Cohort.objects.select_for_update(of=("self",))
        .select_related("track", "region")
        .get(pk=cohort_id)
    )


def _lock_enrolment(enrolment_id: int) -> Enrolment:
    return (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("user")
        .get(pk=enrolment_id)
    )


def seats_taken(cohort: Cohort) -> int:
    """Places held in `cohort`: approved people and open offers."""
    return cohort.enrolments.filter(status__in=SEAT_HOLDING_STATUSES).count()


def _sync_full_status(cohort: Cohort) -> None:
    """An open cohort with every place held is full; a full one with a free place is open."""
    if cohort.status not in ENROLLING_COHORT_STATUSES:
        return
    wanted = CohortStatus.FULL if seats_taken(cohort) >= cohort.capacity else CohortStatus.OPEN
    if cohort.status != wanted:
        cohort.status = wanted
        cohort.save(update_fields=["status", "updated_at"])


def with_waitlist_ahead(queryset):
    """Annotate `waitlist_ahead`: how many people wait before each row on its cohort's list.

    One subquery in the caller's query, so a listing costs the same whatever its length.
    Meaningful only for rows on the waiting list.
    """
    ahead = (
        Enrolment.objects.filter(cohort_id=OuterRef("cohort_id"), status=EnrolmentStatus.WAITLISTED)
        .filter(
            Q(waitlisted_at__lt=OuterRef("waitlisted_at"))
            | Q(waitlisted_at=OuterRef("waitlisted_at"), pk__lt=OuterRef("pk"))
        )
        .order_by()
        .values("cohort_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return queryset.annotate(waitlist_ahead=Coalesce(Subquery(ahead), 0))


def waitlist_position(enrolment: Enrolment) -> int | None:
    """1 for the first person on the waiting list; None when not on it."""
    if enrolment.status != EnrolmentStatus.WAITLISTED:
        return None
    ahead = getattr(enrolment, "waitlist_ahead", None)
    if ahead is None:
        ahead = with_waitlist_ahead(Enrolment.objects.filter(pk=enrolment.pk)).values_list(
            "waitlist_ahead", flat=True
        )[0]
    return ahead + 1


def _offer_deadline(cohort: Cohort, now):
    """Now plus the offer period, but never after the first upcoming session starts."""
    deadline = now + timedelta(hours=settings.ENROLMENT_OFFER_HOURS)
    next_start = (
        cohort.sessions.exclude(status=SessionStatus.CANCELLED)
        .filter(starts_at__gt=now)
        .order_by("starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )
    if next_start is not None and next_start < deadline:
        deadline = max(next_start, now + timedelta(hours=1))
    return deadline


def _fill_free_seats(cohort: Cohort, *, now) -> list[Enrolment]:
    """Offer each free place to the next person on the waiting list (cohort row locked)."""
    offered = []
    if cohort.status not in ENROLLING_COHORT_STATUSES:
        return offered
    free = cohort.capacity - seats_taken(cohort)
    if free <= 0:
        return offered
    queue = (
        cohort.enrolments.select_for_update(of=("self",))
        .filter(status=EnrolmentStatus.WAITLISTED)
        .select_related("user")
        .order_by("waitlisted_at", "pk")[:free]
    )
    for enrolment in queue:
        enrolment.status = EnrolmentStatus.OFFERED
        enrolment.offer_expires_at = _offer_deadline(cohort, now)
        enrolment.save(update_fields=["status", "offer_expires_at", "updated_at"])
        enrolment_mail.queue(enrolment, "offered")
        offered.append(enrolment)
    return offered


def enrolment_apply(
    *,
    cohort: Cohort,
    user,
    profile: dict,
    commitment: bool,
    recording_consent: bool,
    now=None,
) -> Enrolment:
    """`user` applies to `cohort`, confirming their profile and commitment.

    Refused (EnrolmentError) when the cohort does not take applications now,
    when the person is not eligible for the track, when they have not committed
    to attend every seminar, or when they already have a current enrolment.
    """
    now = now or timezone.now()
    if not commitment:
        raise EnrolmentError(
            _("Please confirm that you will attend every seminar of this cohort."),
            field="commitment",
        )
    with transaction.atomic():
        cohort = _lock_cohort(cohort.pk)
        problem = enrolment_window_problem(cohort=cohort, now=now)
        if problem:
            raise EnrolmentError(problem)
        for name in PROFILE_FIELDS:
            if name in profile:
                setattr(user, name, profile[name])
        nomination = nomination_of_person(cohort=cohort, user=user)
        problem = eligibility_problem(cohort=cohort, user=user, nomination=nomination)
        if problem:
            raise EnrolmentError(problem)
        if Enrolment.objects.filter(
            cohort=cohort, user=user, status__in=ACTIVE_ENROLMENT_STATUSES
        ).exists():
            raise EnrolmentError(_("You have already applied to this cohort."))
        changed = [name for name in PROFILE_FIELDS if name in profile]
        if changed:
            user.save(update_fields=changed)
        try:
            with transaction.atomic():
                enrolment = Enrolment.objects.create(
                    cohort=cohort,
                    user=user,
                    nomination=nomination,
                    commitment_confirmed=True,
                    recording_consent=bool(recording_consent),
                    eligibility_override=nomination.eligibility_override if nomination else "",
                )
        except IntegrityError as error:
            raise EnrolmentError(_("You have already applied to this cohort.")) from error
        person_record_consent(
            user=user, purpose=ConsentPurpose.RECORDING, granted=bool(recording_consent)
        )
        enrolment_mail.queue(enrolment, "received")
    return enrolment


def enrolment_approve(
    *, enrolment: Enrolment, by, override_reason: str = "", now=None
) -> Enrolment:
    """Give the applicant a place while places remain; otherwise put them on the waiting list.

    A person the track's rules do not admit is approved only with an override reason.
    """
    override_reason = " ".join((override_reason or "").split())[:300]
    with transaction.atomic():
        cohort = _lock_cohort(enrolment.cohort_id)
        # The clock is read under the cohort's lock: the waiting list is ordered by this
        # stamp, so it must follow the order in which approvals took the lock.
        now = now or timezone.now()
        enrolment = _lock_enrolment(enrolment.pk)
        if cohort.status not in ENROLLING_COHORT_STATUSES:
            raise EnrolmentError(_("This cohort has started or ended: no more places are given."))
        if enrolment.status != EnrolmentStatus.APPLIED:
            raise EnrolmentError(
                _("Only applications awaiting a decision can be approved (this one: %(status)s).")
                % {"status": enrolment.get_status_display()}
            )
        problem = eligibility_problem(
            cohort=cohort, user=enrolment.user, nomination=enrolment.nomination
        )
        if problem and not (override_reason or enrolment.eligibility_override):
            raise EnrolmentError(
                _("%(person)s is not eligible: %(problem)s Give a reason to admit them anyway.")
                % {"person": enrolment.user, "problem": problem},
                field="override_reason",
            )
        if problem and override_reason:
            # Recorded only where it overrode something (bulk approvals share one reason).
            enrolment.eligibility_override = override_reason
        enrolment.decided_by = by
        enrolment.decided_at = now
        if seats_taken(cohort) < cohort.capacity:
            enrolment.status = EnrolmentStatus.APPROVED
            event = "approved"
        else:
            enrolment.status = EnrolmentStatus.WAITLISTED
            enrolment.waitlisted_at = now
            event = "waitlisted"
        enrolment.save()
        _sync_full_status(cohort)
        enrolment_mail.queue(enrolment, event)
    return enrolment


def enrolment_decline(*, enrolment: Enrolment, by, reason: str, now=None) -> Enrolment:
    """Refuse an application (or a place on the waiting list), telling the person why."""
    now = now or timezone.now()
    reason = (reason or "").strip()[:500]
    if not reason:
        raise EnrolmentError(_("Give the reason the person will read."), field="reason")
    with transaction.atomic():
        enrolment = _lock_enrolment(enrolment.pk)
        if enrolment.status not in (EnrolmentStatus.APPLIED, EnrolmentStatus.WAITLISTED):
            raise EnrolmentError(
                _("Only applications and the waiting list can be declined (this one: %(status)s).")
                % {"status": enrolment.get_status_display()}
            )
        enrolment.status = EnrolmentStatus.DECLINED
        enrolment.decision_reason = reason
        enrolment.decided_by = by
        enrolment.decided_at = now
        enrolment.ended_at = now
        enrolment.waitlisted_at = None
        enrolment.save()
        enrolment_mail.queue(enrolment, "declined")
    return enrolment


def _end(
    enrolment: Enrolment, *, status, by, reason: str, event: str, now, notify: bool = True
) -> Enrolment:
    with transaction.atomic():
        cohort = _lock_cohort(enrolment.cohort_id)
        enrolment = _lock_enrolment(enrolment.pk)
        if enrolment.status not in ACTIVE_ENROLMENT_STATUSES:
            raise EnrolmentError(_("This enrolment has already ended."))
        held_seat = enrolment.status in SEAT_HOLDING_STATUSES
        enrolment.status = status
        enrolment.ended_at = now
        enrolment.waitlisted_at = None
        enrolment.offer_expires_at = None
        if reason:
            enrolment.decision_reason = reason
        if by is not None and by.pk != enrolment.user_id:
            enrolment.decided_by = by
            enrolment.decided_at = now
        enrolment.save()
        if notify:
            enrolment_mail.queue(enrolment, event)
        if held_seat:
            _fill_free_seats(cohort, now=now)
        _sync_full_status(cohort)
    return enrolment


def enrolment_withdraw(*, enrolment: Enrolment, by, now=None, notify: bool = True) -> Enrolment:
    """The person leaves: their place, if they held one, goes to the waiting list.

    `notify=False` when the person is being erased: no message about them is kept.
    """
    return _end(
        enrolment,
        status=EnrolmentStatus.WITHDRAWN,
        by=by,
        reason="",
        event="withdrawn",
        now=now or timezone.now(),
        notify=notify,
    )


def enrolment_remove(*, enrolment: Enrolment, by, reason: str, now=None) -> Enrolment:
    """A coordinator removes someone from the cohort, with a reason they will read."""
    reason = (reason or "").strip()[:500]
    if not reason:
        raise EnrolmentError(_("Give the reason the person will read."), field="reason")
    return _end(
        enrolment,
        status=EnrolmentStatus.REMOVED,
        by=by,
        reason=reason,
        event="removed",
        now=now or timezone.now(),
    )


def enrolment_offer_accept(*, enrolment: Enrolment, now=None) -> Enrolment:
    """The person offered a place takes it before the deadline."""
    now = now or timezone.now()
    with transaction.atomic():
        cohort = _lock_cohort(enrolment.cohort_id)
        enrolment = _lock_enrolment(enrolment.pk)
        if enrolment.status != EnrolmentStatus.OFFERED:
            raise EnrolmentError(_("There is no place on offer to you in this cohort."))
        if enrolment.offer_expires_at <= now or cohort.status not in ENROLLING_COHORT_STATUSES:
            raise EnrolmentError(_("This offer has expired."))
        enrolment.status = EnrolmentStatus.APPROVED
        enrolment.offer_expires_at = None
        enrolment.waitlisted_at = None
        enrolment.save()
        _sync_full_status(cohort)
        enrolment_mail.queue(enrolment, "approved")
    return enrolment


def enrolment_offer_decline(*, enrolment: Enrolment, now=None) -> Enrolment:
    """The person offered a place turns it down; it goes to the next person waiting.

    Only an open offer can be declined: a place accepted a moment earlier is kept.
    """
    now = now or timezone.now()
    with transaction.atomic():
        _lock_cohort(enrolment.cohort_id)
        if not Enrolment.objects.filter(pk=enrolment.pk, status=EnrolmentStatus.OFFERED).exists():
            raise EnrolmentError(_("There is no place on offer to you in this cohort."))
        return _end(
            enrolment,
            status=EnrolmentStatus.WITHDRAWN,
            by=enrolment.user,
            reason="",
            event="withdrawn",
            now=now,
        )


def cohort_capacity_problem(*, cohort: Cohort, capacity: int) -> str | None:
    """Why `cohort` cannot have `capacity` places (fewer than are held), or None.

    Call it with the cohort's row locked, so no approval slips in before the change is saved.
    """
    held = seats_taken(cohort)
    if capacity is not None and capacity < held:
        return _(
            "%(held)s places are already taken or offered: the capacity cannot be "
            "lower. Remove people from the cohort first."
        ) % {"held": held}
    return None


def cohort_places_offer(*, cohort: Cohort, now=None) -> list[Enrolment]:
    """Offer the places that are free (after capacity was raised, say) to the people waiting."""
    now = now or timezone.now()
    with transaction.atomic():
        cohort = _lock_cohort(cohort.pk)
        offered = _fill_free_seats(cohort, now=now)
        _sync_full_status(cohort)
    return offered


def enrolment_offers_expire(*, now=None) -> int:
    """Lapse offers past their deadline and offer those places to the next people.

    Run every minute by celery beat. Cohorts locked by a change in progress are
    skipped and picked up on the next run.
    """
    now = now or timezone.now()
    cohort_ids = list(
        Enrolment.objects.filter(status=EnrolmentStatus.OFFERED, offer_expires_at__lte=now)
        .values_list("cohort_id", flat=True)
        .distinct()
    )
    lapsed = 0
    for cohort_id in cohort_ids:
        with transaction.atomic():
            cohort = Cohort.objects.select_for_update(skip_locked=True).filter(pk=cohort_id).first()
            if cohort is None:
                continue
            expired = list(
                cohort.enrolments.select_for_update(of=("self",))
                .filter(status=EnrolmentStatus.OFFERED, offer_expires_at__lte=now)
                .select_related("user")
            )
            for enrolment in expired:
                enrolment.status = EnrolmentStatus.EXPIRED
                enrolment.ended_at = now
                enrolment.save(update_fields=["status", "ended_at", "updated_at"])
                enrolment_mail.queue(enrolment, "expired")
            lapsed += len(expired)
            _fill_free_seats(cohort, now=now)
            _sync_full_status(cohort)
    return lapsed


def nomination_create(
    *,
    cohort: Cohort,
    email: str,
    full_name: str,
    by,
    union=None,
    note: str = "",
    override_reason: str = "",
) -> Nomination:
    """Put someone forward for `cohort`; they are told by e-mail (invited without an account)."""
    email = email.strip().lower()
    with transaction.atomic():
        cohort = _lock_cohort(cohort.pk)
        closed = cohort.enrolment_closes_at and timezone.now() >= cohort.enrolment_closes_at
        if cohort.status not in ENROLLING_COHORT_STATUSES or closed:
            raise EnrolmentError(_("This cohort no longer takes nominations."))
        if nomination_for(cohort=cohort, email=email) is not None:
            raise EnrolmentError(
                _("%(email)s has already been nominated for this cohort.") % {"email": email},
                field="email",
            )
        nomination = Nomination.objects.create(
            cohort=cohort,
            email=email,
            full_name=" ".join(full_name.split()),
            union=union,
            nominated_by=by,
            note=note.strip(),
            eligibility_override=" ".join(override_reason.split()),
        )
        enrolment_mail.queue_nomination(nomination)
    return nomination


def cohort_waiting_close(*, cohort: Cohort, now=None) -> int:
    """A cohort has started: pending applications, the waiting list and open offers end.

    Each person is told, in their language, that the cohort began without a place for
    them. Returns how many enrolments were closed.
    """
    now = now or timezone.now()
    closed = 0
    with transaction.atomic():
        cohort = _lock_cohort(cohort.pk)
        pending = (
            cohort.enrolments.select_for_update(of=("self",))
            .filter(
                status__in=[
                    EnrolmentStatus.APPLIED,
                    EnrolmentStatus.WAITLISTED,
                    EnrolmentStatus.OFFERED,
                ]
            )
            .select_related("user")
        )
        for enrolment in pending:
            with translation.override(person_language(enrolment.user)):
                reason = _(
                    "The cohort began before a place could be given to you. You are welcome "
                    "to apply to a later cohort."
                )
            enrolment.status = EnrolmentStatus.DECLINED
            enrolment.decision_reason = str(reason)
            enrolment.decided_at = now
            enrolment.ended_at = now
            enrolment.waitlisted_at = None
            enrolment.offer_expires_at = None
            enrolment.save()
            enrolment_mail.queue(enrolment, "closed")
            closed += 1
    return closed
