"""Recordings: who may watch them, publishing beyond the cohort, viewing progress.

A recording is always visible to its cohort's people (confirmed participants, coordinators,
facilitators) and to the staff who manage the cohort. Beyond the cohort (the track, all
members, the public) it needs a coordinator's approval; public also needs, where someone in
the cohort refused to be recorded, a coordinator's explicit confirmation that they are not
in it. People who watch most of a recording can make up an excused absence from its seminar
where the cohort allows it (`watched_makeups`, registered with the completion rules).
"""

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorts.enums import (
    VISIBILITY_NEEDING_APPROVAL,
    EnrolmentStatus,
    ProcessingStatus,
    RecordingSource,
    Visibility,
)
from cohorts.models import Enrolment, Recording, RecordingWatch

from .access import attendance_cohorts, can_coordinate
from .completion import completion_changed
from .exceptions import AttendanceError
from .recording_upload import check_may_manage


def recording_watchable() -> Q:
    """Ready to be watched: an uploaded file once processed, or a link."""
    return Q(processing_status=ProcessingStatus.READY) | Q(source=RecordingSource.LINK)


def recordings_visible_to(user) -> QuerySet[Recording]:
    """Every recording `user` may watch (staff: also those still processing or failed)."""
    approved = Q(approved_at__isnull=False)
    public = Q(visibility=Visibility.PUBLIC) & approved
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Recording.objects.filter(recording_watchable() & public)
    places = Enrolment.objects.filter(user=user, status=EnrolmentStatus.APPROVED)
    in_cohort = Q(session__cohort__in=places.values("cohort_id"))
    in_track = Q(visibility=Visibility.TRACK) & approved
    in_track &= Q(session__cohort__track_id__in=places.values("cohort__track_id"))
    members = Q(visibility=Visibility.MEMBERS) & approved
    staff = Q(session__cohort__in=attendance_cohorts(user))
    return Recording.objects.filter(
        staff | (recording_watchable() & (public | members | in_cohort | in_track))
    )


def effective_visibility(recording: Recording) -> str:
    """Who can watch now: what was asked for once approved, else only the cohort."""
    if recording.visibility in VISIBILITY_NEEDING_APPROVAL and recording.approved_at is None:
        return Visibility.COHORT
    return recording.visibility


def consent_refusals(recording: Recording) -> list:
    """The cohort's confirmed participants who said they do not agree to be recorded."""
    return [
        e.user
        for e in Enrolment.objects.filter(
            cohort_id=recording.session.cohort_id,
            status=EnrolmentStatus.APPROVED,
            recording_consent=False,
        )
        .select_related("user")
        .order_by("user__full_name")
    ]


def recording_publish(
    *, recording: Recording, visibility: str, by, refusals_absent: bool = False
) -> Recording:
    """Set who may watch `recording`. Beyond the cohort only coordinators (the region's, the
    cohort's own) and programme administrators decide; making it public while someone in the
    cohort refused to be recorded needs `refusals_absent` (they are not in it)."""
    if visibility not in Visibility.values:
        raise AttendanceError(_("Choose who may watch it."), field="visibility")
    with transaction.atomic():
        locked = (
            Recording.objects.select_for_update(of=("self",))
            .select_related("session__cohort")
            .get(pk=recording.pk)
        )
        cohort = locked.session.cohort
        check_may_manage(by, cohort.pk)
        beyond = visibility in VISIBILITY_NEEDING_APPROVAL
        if beyond and not can_coordinate(by, cohort.pk):
            raise AttendanceError(
                _("Only a coordinator can publish a recording beyond its cohort."),
                field="visibility",
            )
        if visibility == Visibility.PUBLIC and consent_refusals(locked):
            if not refusals_absent and locked.refusals_confirmed_by_id is None:
                raise AttendanceError(
                    _(
                        "Some of the cohort's people refused to be recorded. Confirm that they "
                        "are not in this recording before making it public."
                    ),
                    field="refusals_absent",
                )
            locked.refusals_confirmed_by = locked.refusals_confirmed_by or by
        locked.visibility = visibility
        locked.approved_by, locked.approved_at = (by, timezone.now()) if beyond else (None, None)
        locked.save(
            update_fields=[
                "visibility",
                "approved_by",
                "approved_at",
                "refusals_confirmed_by",
                "updated_at",
            ]
        )
    return locked


# --- Watching ------------------------------------------------------------------------------


def _seconds_seen(seen: bytes, duration: int) -> int:
    return sum(bin(byte).count("1") for byte in seen[: (duration + 7) // 8])


def recording_watch_record(
    *, recording: Recording, user, start: float, end: float
) -> RecordingWatch:
    """Record that `user` watched `recording` from `start` to `end` (seconds). Seconds seen
    twice count once; once past RECORDING_MAKEUP_PERCENT the cohort's completion is looked at
    again (an excused absence may now be made up)."""
    duration = recording.duration_seconds or 0
    if duration <= 0:
        raise AttendanceError(_("This recording's length is not known yet."))
    first = max(int(start), 0)
    last = min(int(end), duration)
    if last <= first:
        raise AttendanceError(_("Nothing was watched."))
    with transaction.atomic():
        watch, _created = RecordingWatch.objects.select_for_update().get_or_create(
            recording=recording, user=user, defaults={"session_id": recording.session_id}
        )
        seen = bytearray(bytes(watch.seen).ljust((duration + 7) // 8, b"\0"))
        for second in range(first, last):
            seen[second // 8] |= 1 << (second % 8)
        before = watch.percent_watched
        watch.seen = bytes(seen)
        watch.percent_watched = min(_seconds_seen(watch.seen, duration) * 100 // duration, 100)
        watch.save(update_fields=["seen", "percent_watched", "updated_at"])
        threshold = settings.RECORDING_MAKEUP_PERCENT
        if before < threshold <= watch.percent_watched:
            completion_changed(recording.session.cohort_id)
    return watch


def watched_makeups(sessions, user_ids) -> set[tuple[int, int]]:
    """(session id, person id) of recordings watched past RECORDING_MAKEUP_PERCENT: the
    completion rules' recordings hook. One query."""
    return set(
        RecordingWatch.objects.filter(
            session__in=[s.pk for s in sessions],
            user_id__in=list(user_ids),
            percent_watched__gte=settings.RECORDING_MAKEUP_PERCENT,
        ).values_list("session_id", "user_id")
    )
