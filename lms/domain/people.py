"""What happens to a person's account: profile, consent, export and erasure."""

import json
import uuid

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cohorts.storage import delete_after_commit
from lms.domain.outbox import outbox_queue
from lms.enums import ConsentPurpose
from lms.languages import interface_language
from lms.models import ConsentRecord, OutboxMessage, User, UserSession

PRIVACY_NOTICE_VERSION = "2026-11"


def person_register_profile(*, user: User, profile: dict) -> User:
    """Store the sign-up profile and the privacy consent that sign-up requires."""
    with transaction.atomic():
        for name, value in profile.items():
            setattr(user, name, value)
        user.save()
        ConsentRecord.objects.create(
            user=user,
            purpose=ConsentPurpose.PRIVACY_NOTICE,
            granted=True,
            notice_version=PRIVACY_NOTICE_VERSION,
        )
    return user


def person_record_consent(*, user: User, purpose: ConsentPurpose, granted: bool) -> ConsentRecord:
    """Append a consent decision; earlier ones stay as the history."""
    return ConsentRecord.objects.create(
        user=user,
        purpose=ConsentPurpose(purpose),
        granted=granted,
        notice_version=PRIVACY_NOTICE_VERSION,
    )


def person_update_consents(*, user: User, decisions: dict[str, bool]) -> list[ConsentRecord]:
    """Record the decisions that differ from the person's current ones; returns the new records."""
    current = person_current_consents(user)
    return [
        person_record_consent(user=user, purpose=purpose, granted=granted)
        for purpose, granted in decisions.items()
        if current.get(purpose) is not granted
    ]


def person_current_consents(user: User) -> dict[str, bool]:
    """The latest decision for each purpose the person has decided on."""
    current: dict[str, bool] = {}
    for purpose, granted in user.consents.order_by("recorded_at", "id").values_list(
        "purpose", "granted"
    ):
        current[purpose] = granted
    return current


def person_export(*, user: User) -> str:
    """Everything the platform holds about `user`, as JSON they can download."""
    data = {
        "exported_at": timezone.now(),
        "account": {
            "email": user.email,
            "full_name": user.full_name,
            "preferred_name": user.preferred_name,
            "preferred_language": user.preferred_language,
            "time_zone": user.time_zone,
            "region": user.region.name if user.region_id else None,
            "union": str(user.union) if user.union_id else None,
            "union_role": user.union_role,
            "interpretation_needs": user.interpretation_needs,
            "accessibility_needs": user.accessibility_needs,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
        },
        "email_addresses": list(user.emailaddress_set.values("email", "verified", "primary")),
        "roles": [
            {"role": a.role, "region": a.region.name if a.region_id else None}
            for a in user.role_assignments.select_related("region")
        ],
        # Secret links to the person's calendar feed: when made and stopped (never the secret).
        "calendar_links": list(
            user.calendar_tokens.order_by("created_at", "id").values("created_at", "revoked_at")
        ),
        "enrolments": [
            {
                "cohort": e.cohort.title,
                "status": e.status,
                "applied_at": e.applied_at,
                "decided_at": e.decided_at,
                "reason": e.decision_reason,
                "recording_consent": e.recording_consent,
                "ended_at": e.ended_at,
            }
            for e in user.enrolments.select_related("cohort").order_by("applied_at", "id")
        ],
        **_delivery_records_of(user),
        "nominations": [
            {"cohort": n.cohort.title, "nominated_at": n.created_at, "note": n.note}
            for n in _nominations_of(user).select_related("cohort")
        ],
        "consents": list(
            user.consents.order_by("recorded_at", "id").values(
                "purpose", "granted", "notice_version", "recorded_at"
            )
        ),
    }
    return json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)


def _delivery_records_of(user: User) -> dict:
    """Attendance, apologies, practical submissions and certificates, for the export."""
    from cohorts.models import Apology, Attendance, Certificate, RecordingWatch, Submission

    return {
        "attendance": [
            {
                "cohort": a.session.cohort.title,
                "seminar": a.session.seminar_number,
                "starts_at": a.session.starts_at,
                "status": a.status,
                "minutes_attended": a.minutes_attended,
                "note": a.note,
                "recorded_through": a.source,
                "checked_in_at": a.checked_in_at,
            }
            for a in Attendance.objects.filter(user=user)
            .select_related("session__cohort")
            .order_by("session__starts_at", "id")
        ],
        "apologies": [
            {
                "cohort": a.session.cohort.title,
                "seminar": a.session.seminar_number,
                "reason": a.reason,
                "sent_at": a.created_at,
            }
            for a in Apology.objects.filter(user=user)
            .select_related("session__cohort")
            .order_by("created_at", "id")
        ],
        "practical_submissions": [
            {
                "cohort": s.enrolment.cohort.title,
                "text": s.text,
                "files": [f.original_name for f in s.files.all()],
                "status": s.status,
                "feedback": s.feedback,
                "submitted_at": s.submitted_at,
                "reviewed_at": s.reviewed_at,
            }
            for s in Submission.objects.filter(enrolment__user=user)
            .select_related("enrolment__cohort")
            .prefetch_related("files")
            .order_by("submitted_at", "id")
        ],
        "recording_viewings": [
            {
                "cohort": w.session.cohort.title,
                "seminar": w.session.seminar_number,
                "recording": w.recording.title if w.recording_id else None,
                "percent_watched": w.percent_watched,
                "last_watched": w.updated_at,
            }
            for w in RecordingWatch.objects.filter(user=user)
            .select_related("session__cohort", "recording")
            .order_by("updated_at", "id")
        ],
        "certificates": list(
            Certificate.objects.filter(enrolment__user=user)
            .order_by("issued_at", "id")
            .values(
                "code",
                "full_name",
                "track_title",
                "region_name",
                "completed_on",
                "issued_at",
                "revoked_at",
                "revoke_reason",
            )
        ),
    }


def _submitted_file_names(user: User) -> list[str]:
    from cohorts.models import SubmissionFile

    return list(
        SubmissionFile.objects.filter(submission__enrolment__user=user).values_list(
            "file", flat=True
        )
    )


def _forget_audit_entries_about(user: User) -> None:
    """The admin's audit log names the person it is about; those entries go with them.

    Entries of what the person did keep their user id only (Wagtail shows it as a
    deleted user), so the history of shared content stays intact.
    """
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ModelLogEntry

    from lms.models import Participant

    content_types = ContentType.objects.get_for_models(User, Participant, for_concrete_models=False)
    ModelLogEntry.objects.filter(
        content_type__in=content_types.values(), object_id=str(user.pk)
    ).delete()


def _nominations_of(user: User):
    from cohorts.domain.eligibility import nominations_of_person

    # Only nominations to addresses the person verified are theirs to take with them.
    return nominations_of_person(user)


def _leave_cohorts(user: User) -> None:
    """Withdraw current enrolments first, so places they held go to the waiting list."""
    from cohorts.domain.enrolment import enrolment_withdraw
    from cohorts.enums import ACTIVE_ENROLMENT_STATUSES

    for enrolment in user.enrolments.filter(status__in=ACTIVE_ENROLMENT_STATUSES):
        enrolment_withdraw(enrolment=enrolment, by=user, notify=False)


def person_erase(*, user: User) -> None:
    """Delete the account and everything that hangs off it.

    Consent records, roles, e-mail addresses, attendance marks, apologies, practical
    submissions and certificates go with it (cascade); the submitted files are removed
    from disk once the deletion is committed.
    """
    email, language = user.email, user.preferred_language
    with transaction.atomic():
        from cohorts.domain.attendance_import import attendance_imports_forget

        attendance_imports_forget(email=email, full_name=user.full_name)
        delete_after_commit(_submitted_file_names(user))
        _forget_audit_entries_about(user)
        _leave_cohorts(user)
        _nominations_of(user).delete()
        # Messages to the person (sent or not) carry their data: they go too.
        OutboxMessage.objects.filter(to__iexact=email).delete()
        _end_sessions_of(user)
        user.delete()
        # Through the outbox, so a broker or mail server that is down delays the notice but
        # never loses it; the row is deleted once sent, keeping no trace of the address.
        outbox_queue(
            key=f"account-erased:{uuid.uuid4().hex}",
            message=account_erased_message(email=email, language=language),
            forget_once_sent=True,
        )


def account_erased_message(*, email: str, language: str) -> EmailMessage:
    """The notice confirming to a person that their account and data are gone."""
    with translation.override(interface_language(language, fallback=settings.LANGUAGE_CODE)):
        return EmailMessage(
            subject=_("Your account has been deleted"),
            body=render_to_string(
                "lms/email/account_erased.txt", {"site_name": settings.WAGTAIL_SITE_NAME}
            ),
            to=[email],
        )


def _end_sessions_of(user: User) -> None:
    """Sign the person out everywhere: their sessions hold their id and allauth's data."""
    UserSession.objects.filter(user_id=user.pk).delete()


def person_discard(*, user: User) -> None:
    """Delete an account nobody finished signing up for, to free its address for its owner.

    Unlike `person_erase`, what is addressed to the e-mail address (nominations, messages)
    stays, since it belongs to the owner of the address rather than to whoever typed it,
    and nobody is told: the address never confirmed it wanted this account.
    """
    with transaction.atomic():
        delete_after_commit(_submitted_file_names(user))
        _forget_audit_entries_about(user)
        _leave_cohorts(user)
        _end_sessions_of(user)
        user.delete()
