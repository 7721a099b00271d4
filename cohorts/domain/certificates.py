"""Certificates of completion: issue, reissue and revoke, and the verification code.

A certificate copies what it certifies (name, track, region, language, completion date) when
it is issued, so later edits never change one already handed out: a wrong name is corrected
by revoking the certificate and issuing a new one. Automatic issue gives a certificate only
to people who never had one, so it never undoes a coordinator's revocation.

Issuing locks the enrolment's row, so two workers (or a worker and a coordinator) queue up
instead of issuing twice; the partial unique constraint on valid certificates backs that.
"""

import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cohorts.enums import CohortStatus, EnrolmentStatus, ProgressState, SessionStatus
from cohorts.models import Certificate, Cohort, Enrolment
from lms.domain.outbox import outbox_queue
from lms.languages import person_language

from .completion import Progress, cohort_completion, enrolment_progress
from .exceptions import AttendanceError

log = logging.getLogger(__name__)

# No 0/O, 1/I/L: a code read aloud or copied from paper cannot be mistyped into another.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 12
CODE_GROUP = 4
# Anything longer than a grouped code with generous separators is not a code.
CODE_INPUT_MAX = 40
CODE_ATTEMPTS = 5
REASON_MAX = Certificate._meta.get_field("revoke_reason").max_length


def certificate_code_new() -> str:
    """A fresh random code, in three groups of four for reading, e.g. 8HF2-5C48-2Y6V (about
    59 bits)."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))
    return "-".join(raw[i : i + CODE_GROUP] for i in range(0, CODE_LENGTH, CODE_GROUP))


def certificate_code_normalise(value: str) -> str | None:
    """`value` as a stored code (upper case, grouped), or None when it cannot be one.

    People type codes with or without dashes or spaces, in either case.
    """
    value = str(value or "")
    if len(value) > CODE_INPUT_MAX:
        return None
    raw = "".join(ch for ch in value.upper() if ch not in "- \t")
    if len(raw) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in raw):
        return None
    return "-".join(raw[i : i + CODE_GROUP] for i in range(0, CODE_LENGTH, CODE_GROUP))


def certificate_verify_url(certificate: Certificate, *, base_url: str | None = None) -> str:
    """The public page where anyone can check `certificate` (absolute URL)."""
    base = (base_url or settings.WAGTAILADMIN_BASE_URL).rstrip("/")
    return base + reverse("certificates:verify", args=[certificate.code])


def certificate_completed_on(progress: Progress, cohort: Cohort):
    """The day the last requirement was met, in the cohort's zone: the last counted seminar
    or the acceptance of the practical part, whichever came later."""
    zone = cohort.zone
    days = [cell.session.starts_at.astimezone(zone).date() for cell in progress.cells]
    submission = progress.submission
    if submission is not None and submission.reviewed_at is not None:
        days.append(submission.reviewed_at.astimezone(zone).date())
    return max(days) if days else timezone.now().astimezone(zone).date()


def _lock_enrolment(enrolment_id: int) -> Enrolment:
    return (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("user", "cohort", "cohort__track", "cohort__region")
        .get(pk=enrolment_id)
    )


def _create(*, enrolment: Enrolment, progress: Progress, by) -> Certificate:
    """Create the certificate for the locked `enrolment` with a code nobody holds."""
    person, cohort = enrolment.user, enrolment.cohort
    full_name = " ".join(person.full_name.split())
    if not full_name:
        raise AttendanceError(
            _("This person has no full name in their profile: add it before issuing.")
        )
    fields = {
        "enrolment": enrolment,
        "full_name": full_name,
        "track_title": cohort.track.title,
        "region_name": cohort.region.name,
        "language": person.preferred_language or settings.LANGUAGE_CODE,
        "completed_on": certificate_completed_on(progress, cohort),
        "issued_by": by,
    }
    for _attempt in range(CODE_ATTEMPTS):
        code = certificate_code_new()
        try:
            with transaction.atomic():
                return Certificate.objects.create(code=code, **fields)
        except IntegrityError:
            if Certificate.objects.filter(enrolment=enrolment, revoked_at__isnull=True).exists():
                # Someone else issued it first (the constraint behind the row lock).
                raise AttendanceError(_("This person already has a valid certificate.")) from None
            # Otherwise the code was taken: draw another.
    raise AttendanceError(_("No free verification code was found. Please try again."))


def certificate_message(certificate: Certificate, *, reissued: bool = False) -> EmailMessage:
    """The e-mail telling the holder their certificate is ready, in their language."""
    person = certificate.enrolment.user
    base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    with translation.override(person_language(person)):
        context = {
            "name": person.get_short_name(),
            "track": certificate.track_title,
            "cohort": certificate.enrolment.cohort.title,
            "code": certificate.code,
            "reissued": reissued,
            "download_url": base_url + reverse("certificates:download", args=[certificate.code]),
            "dashboard_url": base_url + reverse("mine:dashboard"),
            "verify_url": certificate_verify_url(certificate, base_url=base_url),
            "site_name": settings.WAGTAIL_SITE_NAME,
        }
        subject = render_to_string("cohorts/email/certificate_issued_subject.txt", context)
        body = render_to_string("cohorts/email/certificate_issued_body.txt", context)
    return EmailMessage(subject=" ".join(subject.split()), body=body, to=[person.email])


def _issue(*, enrolment: Enrolment, progress: Progress, by, reissued: bool) -> Certificate:
    certificate = _create(enrolment=enrolment, progress=progress, by=by)
    outbox_queue(
        key=f"certificate:{certificate.pk}",
        message=certificate_message(certificate, reissued=reissued),
    )
    return certificate


def certificates_issue_due(*, cohort: Cohort, by=None) -> list[Certificate]:
    """Issue a certificate to everyone in `cohort` who has completed it and never had one.

    Someone whose certificate was revoked gets nothing here: revoking is a coordinator's
    decision, and only a coordinator reissues. Safe to run again and from several workers.
    """
    due = [p for p in cohort_completion(cohort) if p.state == ProgressState.COMPLETED]
    if not due:
        return []
    had_one = set(
        Certificate.objects.filter(enrolment_id__in=[p.enrolment.pk for p in due]).values_list(
            "enrolment_id", flat=True
        )
    )
    issued = []
    for progress in due:
        if progress.enrolment.pk in had_one:
            continue
        try:
            with transaction.atomic():
                enrolment = _lock_enrolment(progress.enrolment.pk)
                if enrolment.status != EnrolmentStatus.APPROVED:
                    continue
                if Certificate.objects.filter(enrolment=enrolment).exists():
                    continue  # another worker got here first
                issued.append(_issue(enrolment=enrolment, progress=progress, by=by, reissued=False))
        except AttendanceError as error:
            # One person's problem (no name on file) must not hold up everyone else's.
            log.warning("certificate not issued for enrolment %s: %s", progress.enrolment.pk, error)
    return issued


# The sweep looks at cohorts whose last seminar started less than this long ago (and running
# ones): practical parts are reviewed, and make-ups attended, within weeks of the end.
SWEEP_DAYS = 120


def certificates_issue_due_recent(*, now=None, days: int = SWEEP_DAYS) -> int:
    """Issue the certificates due in every running cohort and every cohort that ended within
    `days`; returns how many were issued.

    The hourly sweep behind `completion_changed`: a change queues the issue for its cohort
    after commit, and a broker that was down then loses that task. Each cohort costs a
    constant number of queries (plus one lock per certificate issued)."""
    now = now or timezone.now()
    cohorts = (
        Cohort.objects.filter(status__in=[CohortStatus.RUNNING, CohortStatus.COMPLETED])
        .annotate(
            last_start=Max(
                "sessions__starts_at", filter=~Q(sessions__status=SessionStatus.CANCELLED)
            )
        )
        .filter(Q(status=CohortStatus.RUNNING) | Q(last_start__gte=now - timedelta(days=days)))
        .select_related("track")
        .order_by("pk")
    )
    issued = 0
    for cohort in cohorts:
        try:
            issued += len(certificates_issue_due(cohort=cohort))
        except Exception:
            # One cohort's problem must not keep the others' certificates back.
            log.exception("certificates of cohort %s could not be issued", cohort.pk)
    return issued


def certificate_issue(*, enrolment: Enrolment, by) -> Certificate:
    """A coordinator issues a certificate, or reissues one after revoking the last.

    Only for a completed enrolment without a valid certificate; the person's name, the
    track and the region are copied as they are now.
    """
    with transaction.atomic():
        enrolment = _lock_enrolment(enrolment.pk)
        progress = enrolment_progress(enrolment)
        if progress is None or progress.state != ProgressState.COMPLETED:
            raise AttendanceError(
                _("%(person)s has not completed this cohort, so no certificate can be issued.")
                % {"person": enrolment.user}
            )
        earlier = list(Certificate.objects.filter(enrolment=enrolment).only("revoked_at"))
        if any(c.revoked_at is None for c in earlier):
            raise AttendanceError(
                _(
                    "%(person)s already has a valid certificate. Revoke it first to issue a "
                    "corrected one."
                )
                % {"person": enrolment.user}
            )
        return _issue(enrolment=enrolment, progress=progress, by=by, reissued=bool(earlier))


def certificate_revoke(*, certificate: Certificate, by, reason: str, now=None) -> Certificate:
    """Withdraw `certificate`: the verification page says so from now on, and its holder can
    no longer download it. The reason is kept for the record (never shown publicly)."""
    reason = " ".join(str(reason or "").split())
    if not reason:
        raise AttendanceError(_("Give the reason for revoking the certificate."), field="reason")
    if len(reason) > REASON_MAX:
        raise AttendanceError(
            _("The reason can be at most %(max)s characters long.") % {"max": REASON_MAX},
            field="reason",
        )
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if certificate.revoked_at is not None:
            raise AttendanceError(_("This certificate has already been revoked."))
        certificate.revoked_at = now or timezone.now()
        certificate.revoked_by = by
        certificate.revoke_reason = reason
        certificate.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    return certificate
