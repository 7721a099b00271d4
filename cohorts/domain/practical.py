"""The practical part: participants submit their answer, reviewers accept it or ask for more.

A submission belongs to one approved enrolment and is written only by its own
person; it goes back and forth (waiting for review → needs revision → waiting
again) until a reviewer accepts it, which may complete the cohort. Files are
checked before anything is written: an allowed extension, content that really
is what the extension says, a size within the limit. One bad file and nothing is
saved, neither a row nor a file on disk.
"""

import codecs
import hashlib
import unicodedata
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q, QuerySet
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cohorts.enums import EnrolmentStatus, SubmissionStatus
from cohorts.models import Enrolment, Submission, SubmissionFile, SubmissionReview
from lms.domain.outbox import outbox_queue
from lms.languages import person_language

from .access import review_cohorts
from .completion import completion_changed
from .exceptions import AttendanceError

TEXT_MAX = Submission._meta.get_field("text").max_length
FEEDBACK_MAX = SubmissionReview._meta.get_field("feedback").max_length
NAME_MAX = SubmissionFile._meta.get_field("original_name").max_length

PDF = (b"%PDF-",)
ZIP = (b"PK\x03\x04",)
PNG = (b"\x89PNG\r\n\x1a\n",)
JPEG = (b"\xff\xd8\xff",)
TEXT = None  # checked by decoding, not by a signature


@dataclass(frozen=True)
class FileKind:
    content_type: str
    signatures: tuple[bytes, ...] | None
    # Office documents are zip archives; these say which kind of archive it must be.
    zip_member: str = ""
    odf_mimetype: str = ""


_OOXML = "application/vnd.openxmlformats-officedocument."
_ODF = "application/vnd.oasis.opendocument."
FILE_KINDS = {
    "pdf": FileKind("application/pdf", PDF),
    "docx": FileKind(_OOXML + "wordprocessingml.document", ZIP, zip_member="word/"),
    "pptx": FileKind(_OOXML + "presentationml.presentation", ZIP, zip_member="ppt/"),
    "xlsx": FileKind(_OOXML + "spreadsheetml.sheet", ZIP, zip_member="xl/"),
    "odt": FileKind(_ODF + "text", ZIP, odf_mimetype=_ODF + "text"),
    "odp": FileKind(_ODF + "presentation", ZIP, odf_mimetype=_ODF + "presentation"),
    "ods": FileKind(_ODF + "spreadsheet", ZIP, odf_mimetype=_ODF + "spreadsheet"),
    "txt": FileKind("text/plain; charset=utf-8", TEXT),
    "md": FileKind("text/markdown; charset=utf-8", TEXT),
    "png": FileKind("image/png", PNG),
    "jpg": FileKind("image/jpeg", JPEG),
    "jpeg": FileKind("image/jpeg", JPEG),
}
ALLOWED_EXTENSIONS = tuple(FILE_KINDS)


@dataclass(frozen=True)
class CheckedFile:
    upload: object
    original_name: str
    content_type: str
    size: int


def safe_file_name(name: str) -> str:
    """The last part of `name` without control or formatting characters, at most 200
    characters, keeping its extension: nothing a person types reaches a path or a header."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    # Cc: control characters (CR, LF, NUL…); Cf: invisible ones such as the right-to-left
    # override that makes "txt.exe" read as "exe.txt".
    name = "".join(ch for ch in name if unicodedata.category(ch) not in ("Cc", "Cf"))
    name = " ".join(name.split()).strip(" .")
    if len(name) > NAME_MAX:
        stem, dot, extension = name.rpartition(".")
        if dot and 0 < len(extension) < 20:
            name = stem[: NAME_MAX - len(extension) - 1].rstrip() + "." + extension
        else:
            name = name[:NAME_MAX]
    return name


def allowed_types_label() -> str:
    return ", ".join(f".{extension}" for extension in ALLOWED_EXTENSIONS)


def _head(upload, length: int) -> bytes:
    upload.seek(0)
    head = upload.read(length)
    upload.seek(0)
    return head


def _is_utf8_text(upload) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    upload.seek(0)
    try:
        for chunk in upload.chunks() if hasattr(upload, "chunks") else iter(upload.read, b""):
            if b"\x00" in chunk:
                return False
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    finally:
        upload.seek(0)
    return True


def _is_office_document(upload, kind: FileKind) -> bool:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            if kind.odf_mimetype:
                if "content.xml" not in names:
                    return False
                if "mimetype" in names:
                    with archive.open("mimetype") as member:
                        declared = member.read(200).decode("ascii", "replace").strip()
                    return declared == kind.odf_mimetype
                return True
            return "[Content_Types].xml" in names and any(
                name.startswith(kind.zip_member) for name in names
            )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        return False
    finally:
        upload.seek(0)


def _content_matches(upload, kind: FileKind) -> bool:
    if kind.signatures is None:
        return _is_utf8_text(upload)
    head = _head(upload, 16)
    if not any(head.startswith(signature) for signature in kind.signatures):
        return False
    if kind.signatures is ZIP:
        return _is_office_document(upload, kind)
    return True


def submission_file_check(upload) -> CheckedFile:
    """`upload` checked for the practical part: a safe name, an allowed extension, content
    that is what the extension says, not empty and within SUBMISSION_MAX_FILE_BYTES."""
    name = safe_file_name(getattr(upload, "name", ""))
    shown = name or _("(no name)")
    extension = name.rpartition(".")[2].lower() if "." in name else ""
    kind = FILE_KINDS.get(extension)
    if kind is None:
        raise AttendanceError(
            _("“%(name)s” is not a type of file you can submit. Allowed: %(types)s.")
            % {"name": shown, "types": allowed_types_label()},
            field="files",
        )
    size = upload.size
    if not size:
        raise AttendanceError(_("“%(name)s” is empty.") % {"name": shown}, field="files")
    limit = settings.SUBMISSION_MAX_FILE_BYTES
    if size > limit:
        raise AttendanceError(
            _("“%(name)s” is larger than %(limit)s.")
            % {"name": shown, "limit": filesizeformat(limit)},
            field="files",
        )
    if not _content_matches(upload, kind):
        raise AttendanceError(
            _("“%(name)s” is not really a .%(extension)s file; its content is something else.")
            % {"name": shown, "extension": extension},
            field="files",
        )
    return CheckedFile(upload=upload, original_name=name, content_type=kind.content_type, size=size)


def _own_approved(enrolment: Enrolment, by) -> None:
    if getattr(by, "pk", None) is None or enrolment.user_id != by.pk:
        raise AttendanceError(_("Only the participant can change their practical part."))
    if enrolment.status != EnrolmentStatus.APPROVED:
        raise AttendanceError(_("Only a participant with a confirmed place can submit."))


def _clean_text(text: str) -> str:
    text = (text or "").strip()
    if len(text) > TEXT_MAX:
        raise AttendanceError(
            _("Your answer can be at most %(max)d characters long.") % {"max": TEXT_MAX},
            field="text",
        )
    if "\x00" in text:
        raise AttendanceError(
            _("Your answer contains a character that is not allowed."), field="text"
        )
    return text


def _save_files(submission: Submission, checked: list[CheckedFile]) -> list[SubmissionFile]:
    saved = []
    try:
        for item in checked:
            row = SubmissionFile(
                submission=submission,
                original_name=item.original_name,
                content_type=item.content_type,
                size=item.size,
            )
            item.upload.seek(0)
            row.file.save("upload", item.upload, save=False)
            saved.append(row)
            row.save()
    except BaseException:
        # The database rolls back with the transaction; the disk has to be tidied by hand.
        for row in saved:
            row.file.storage.delete(row.file.name)
        raise
    return saved


def submission_submit(*, enrolment: Enrolment, text: str, files: list, by) -> Submission:
    """Create or update `enrolment`'s submission with `text` and add `files` to it.

    Only the enrolment's own person, with a confirmed place, before acceptance.
    A submission that needed revision goes back to waiting for review. It needs text
    or at least one file, and at most SUBMISSION_MAX_FILES files in all. Every file is
    checked before anything is saved.
    """
    _own_approved(enrolment, by)
    text = _clean_text(text)
    files = list(files or [])
    checked = [submission_file_check(upload) for upload in files]
    with transaction.atomic():
        locked = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        _own_approved(locked, by)
        submission = Submission.objects.select_for_update().filter(enrolment=locked).first()
        if submission is not None and submission.status == SubmissionStatus.ACCEPTED:
            raise AttendanceError(_("Your practical part has been accepted; it cannot change."))
        kept = submission.files.count() if submission is not None else 0
        limit = settings.SUBMISSION_MAX_FILES
        if kept + len(checked) > limit:
            raise AttendanceError(
                _("You can submit at most %(max)d files in all (you have %(kept)d already).")
                % {"max": limit, "kept": kept},
                field="files",
            )
        if not text and not kept and not checked:
            raise AttendanceError(_("Write your answer or add at least one file."), field="text")
        now = timezone.now()
        if submission is None:
            submission = Submission(enrolment=locked)
        submission.text = text
        submission.status = SubmissionStatus.SUBMITTED
        submission.submitted_at = now
        submission.save()
        _save_files(submission, checked)
    return submission


def submission_file_remove(*, submission_file: SubmissionFile, by) -> None:
    """Remove one file from a submission not yet accepted (its own person only). The last
    file goes only when the submission has text, so that something is left to review."""
    with transaction.atomic():
        submission = (
            Submission.objects.select_for_update()
            .select_related("enrolment")
            .get(pk=submission_file.submission_id)
        )
        _own_approved(submission.enrolment, by)
        if submission.status == SubmissionStatus.ACCEPTED:
            raise AttendanceError(_("Your practical part has been accepted; it cannot change."))
        row = SubmissionFile.objects.filter(pk=submission_file.pk, submission=submission).first()
        if row is None:
            return
        if not submission.text and submission.files.count() == 1:
            raise AttendanceError(
                _("Write your answer or add another file before removing the last one.")
            )
        name, storage = row.file.name, row.file.storage
        row.delete()
        # Only once the removal is committed: a rollback must not leave a row without its file.
        transaction.on_commit(lambda: storage.delete(name))


REVIEW_DECISIONS = (SubmissionStatus.ACCEPTED, SubmissionStatus.NEEDS_REVISION)


def submission_fingerprint(submission: Submission) -> str:
    """A digest of what the participant handed in (text and files), sent with the review form
    so that a decision is never recorded on content the reviewer has not seen."""
    file_ids = sorted(submission.files.values_list("pk", flat=True))
    content = f"{submission.text}\x00{file_ids}"
    return hashlib.sha256(content.encode()).hexdigest()[:32]


def submission_review(
    *, submission: Submission, decision: str, feedback: str, by, seen: str | None = None
) -> SubmissionReview:
    """Record `by`'s decision on a submission waiting for review and tell the participant.

    `decision` is ACCEPTED or NEEDS_REVISION (which needs feedback). Reviewers are the
    people whose `review_cohorts` include the cohort. An acceptance may complete the
    cohort, so certificates now due are issued after commit.
    """
    if decision not in REVIEW_DECISIONS:
        raise AttendanceError(_("Choose to accept it or to ask for a revision."), field="decision")
    feedback = (feedback or "").strip()
    if decision == SubmissionStatus.NEEDS_REVISION and not feedback:
        raise AttendanceError(
            _("Say what needs to change: the participant reads your feedback."), field="feedback"
        )
    if len(feedback) > FEEDBACK_MAX:
        raise AttendanceError(
            _("Feedback can be at most %(max)d characters long.") % {"max": FEEDBACK_MAX},
            field="feedback",
        )
    with transaction.atomic():
        locked = (
            Submission.objects.select_for_update(of=("self",))
            .select_related("enrolment", "enrolment__user", "enrolment__cohort__track")
            .get(pk=submission.pk)
        )
        enrolment = locked.enrolment
        if not review_cohorts(by).filter(pk=enrolment.cohort_id).exists():
            raise AttendanceError(_("You cannot review submissions of this cohort."))
        if enrolment.user_id == by.pk:
            raise AttendanceError(_("You cannot review your own submission."))
        if enrolment.status != EnrolmentStatus.APPROVED:
            raise AttendanceError(_("This participant no longer has a place in the cohort."))
        if locked.status != SubmissionStatus.SUBMITTED:
            raise AttendanceError(_("Only a submission waiting for review can be reviewed."))
        if seen is not None and seen != submission_fingerprint(locked):
            raise AttendanceError(
                _(
                    "The participant changed their submission while you were reviewing it. "
                    "Nothing was decided: read it again, then decide."
                )
            )
        review = SubmissionReview.objects.create(
            submission=locked, decision=decision, feedback=feedback, reviewed_by=by
        )
        locked.status = decision
        locked.feedback = feedback
        locked.reviewed_at = review.reviewed_at
        locked.reviewed_by = by
        locked.save(update_fields=["status", "feedback", "reviewed_at", "reviewed_by"])
        outbox_queue(key=f"practical-review:{review.pk}", message=review_message(review))
        if decision == SubmissionStatus.ACCEPTED:
            completion_changed(enrolment.cohort_id)
    for name in ("status", "feedback", "reviewed_at", "reviewed_by"):
        setattr(submission, name, getattr(locked, name))
    return review


def review_message(review: SubmissionReview) -> EmailMessage:
    """The e-mail telling the participant about a review, in their language."""
    enrolment = review.submission.enrolment
    person, cohort = enrolment.user, enrolment.cohort
    base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    with translation.override(person_language(person)):
        context = {
            "decision": review.decision,
            "name": person.get_short_name(),
            "cohort": cohort.title,
            "track": cohort.track.title,
            "feedback": review.feedback,
            "submission_url": base_url + reverse("practical:submit", args=[enrolment.pk]),
            "site_name": settings.WAGTAIL_SITE_NAME,
        }
        subject = render_to_string("cohorts/email/practical_reviewed_subject.txt", context)
        body = render_to_string("cohorts/email/practical_reviewed_body.txt", context)
    return EmailMessage(subject=" ".join(subject.split()), body=body, to=[person.email])


def reviewable_submissions(user) -> QuerySet[Submission]:
    """The submissions `user` may read and review, whatever their status."""
    return Submission.objects.filter(enrolment__cohort__in=review_cohorts(user))


def downloadable_files(user) -> QuerySet[SubmissionFile]:
    """The submitted files `user` may download: their own while their place is confirmed,
    and those of the cohorts they review."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return SubmissionFile.objects.none()
    own = Q(
        submission__enrolment__user=user,
        submission__enrolment__status=EnrolmentStatus.APPROVED,
    )
    return SubmissionFile.objects.filter(
        own | Q(submission__enrolment__cohort__in=review_cohorts(user))
    )
