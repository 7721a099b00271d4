"""Writes on model clauses outside Wagtail's editor: comments from the review page and
starting a translation. Refusals raise `ClauseError` with a translated message."""

from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Comment, CommentReply

from lms.models.people import LANGUAGE_CHOICES

from .clause_access import may_edit_in_workspace, may_read_drafts

COMMENT_MAX = 4000
# Fields a comment may be attached to; Wagtail's editor shows it next to that field.
COMMENTABLE_FIELDS = (
    "title",
    "summary",
    "body",
    "variants",
    "rationale",
    "negotiation_notes",
    "legal_references",
    "sources",
)


class ClauseError(Exception):
    """A clause rule was broken; the message is translated and safe to show."""

    def __init__(self, message, *, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


def _comment_text(text) -> str:
    text = (text or "").strip()
    if not text:
        raise ClauseError(_("Write your comment first."), field="text")
    if len(text) > COMMENT_MAX:
        raise ClauseError(
            _("A comment can be at most %(max)d characters long.") % {"max": COMMENT_MAX},
            field="text",
        )
    return text


def clause_comment_add(*, clause, user, field: str, text: str) -> Comment:
    """A comment by any curator, coordinator or administrator on a field of the clause's
    latest version, stored as a Wagtail comment so that editors see it in the editor."""
    if not may_read_drafts(user):
        raise ClauseError(_("Only curators and coordinators comment on clauses."))
    if field not in COMMENTABLE_FIELDS:
        raise ClauseError(_("Choose the part of the clause you are commenting on."), field="field")
    text = _comment_text(text)
    with transaction.atomic():
        comment = Comment.objects.create(
            page=clause,
            user=user,
            text=text,
            contentpath=field,
            position="",
            revision_created=clause.latest_revision,
        )
        comment.log_create(page_revision=clause.latest_revision, user=user)
    return comment


def clause_comment_reply(*, clause, comment_id: int, user, text: str) -> CommentReply:
    if not may_read_drafts(user):
        raise ClauseError(_("Only curators and coordinators comment on clauses."))
    comment = Comment.objects.filter(pk=comment_id, page=clause, resolved_at__isnull=True).first()
    if comment is None:
        raise ClauseError(_("That comment is no longer open."))
    text = _comment_text(text)
    with transaction.atomic():
        reply = CommentReply.objects.create(comment=comment, user=user, text=text)
        reply.log_create(page_revision=clause.latest_revision, user=user)
    return reply


def translation_languages(clause) -> list[tuple[str, str]]:
    """Languages the clause has no version in yet."""
    root_id = clause.translation_of_id or clause.pk
    from courses.models import ModelClausePage

    taken = set(
        ModelClausePage.objects.filter(Q(pk=root_id) | Q(translation_of_id=root_id)).values_list(
            "language", flat=True
        )
    )
    return [(code, name) for code, name in LANGUAGE_CHOICES if code not in taken]


def _free_slug(workspace, base):
    taken = set(workspace.get_children().values_list("slug", flat=True))
    slug = base
    number = 2
    while slug in taken:
        slug = f"{base}-{number}"
        number += 1
    return slug


def clause_translate(*, clause, language: str, workspace, user):
    """Start a translation: a draft copy of the clause's published text (or its first text)
    in `workspace`, linked to the original, for the translator to rewrite and submit."""
    from courses.models import ClauseWorkspacePage

    if not may_read_drafts(user):
        raise ClauseError(_("Only curators and coordinators translate clauses."))
    if not isinstance(workspace, ClauseWorkspacePage) or not may_edit_in_workspace(user, workspace):
        raise ClauseError(_("You cannot add clauses to that workspace."), field="workspace")
    if language not in dict(translation_languages(clause)):
        raise ClauseError(
            _("This clause already has a version in that language."), field="language"
        )
    root = clause.translation_of or clause
    base_slug = slugify(f"{clause.slug}-{language}", allow_unicode=True)[:240]
    with transaction.atomic():
        copy = clause.copy(
            to=workspace,
            update_attrs={
                "slug": _free_slug(workspace, base_slug),
                "language": language,
                "translation_of": root,
                "translated_revision": root.live_revision or root.latest_revision,
                "owner": user,
                "locked": False,
                "locked_by": None,
                "locked_at": None,
            },
            keep_live=False,
            copy_revisions=False,
            user=user,
        )
        copy.save_revision(user=user, log_action=False)
    return copy
