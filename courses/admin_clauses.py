"""Admin for model clauses beyond Wagtail's own page editor.

- The review page: curators and coordinators of every region read a clause's latest draft
  and comment on it (Wagtail comments, so editors see them next to the field), including
  regions that may not edit it.
- Starting a translation into another language.
- The taxonomy: themes and sub-themes, sectors, jurisdictions (snippets).
"""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import Button
from wagtail.models import Comment
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cohorts.admin_common import parse_id, row_or_404

from .domain.clause_access import may_edit_in_workspace, may_read_drafts, workspace_region_id
from .domain.clause_editing import (
    COMMENT_MAX,
    COMMENTABLE_FIELDS,
    ClauseError,
    clause_comment_add,
    clause_comment_reply,
    clause_translate,
    translation_languages,
)
from .models import ClauseWorkspacePage, Jurisdiction, ModelClausePage, Sector, Theme


class CommentForm(forms.Form):
    field = forms.ChoiceField(label=gettext_lazy("Part of the clause"))
    text = forms.CharField(
        label=gettext_lazy("Your comment"),
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = [
            (name, ModelClausePage._meta.get_field(name).verbose_name.capitalize())
            for name in COMMENTABLE_FIELDS
        ]


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Your reply"),
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def _clause_or_404(request, page_id):
    if not may_read_drafts(request.user):
        raise Http404
    return row_or_404(ModelClausePage.objects.all(), page_id)


@method_decorator(never_cache, name="dispatch")
class ClauseReviewView(WagtailAdminTemplateMixin, TemplateView):
    """A clause's latest version, read-only, with its open comments and a comment form."""

    template_name = "courses/admin/clause_review.html"
    page_title = gettext_lazy("Review and comment")
    header_icon = "comment"

    def dispatch(self, request, page_id):
        self.clause = _clause_or_404(request, page_id)
        return super().dispatch(request, page_id)

    def get_page_subtitle(self):
        return self.clause.get_admin_display_title()

    def _render(self, comment_form=None, reply_errors=None):
        clause = self.clause
        draft = clause.get_latest_revision_as_object()
        comments = (
            Comment.objects.filter(page=clause, resolved_at__isnull=True)
            .select_related("user")
            .prefetch_related("replies__user")
            .order_by("created_at")
        )
        field_labels = dict(CommentForm().fields["field"].choices)
        context = self.get_context_data(
            clause=clause,
            draft=draft,
            workspace_region=clause.get_parent().specific.region,
            can_edit=clause.permissions_for_user(self.request.user).can_edit(),
            task_state=clause.current_workflow_task_state,
            comments=[
                (comment, field_labels.get(comment.contentpath.split(".")[0], ""))
                for comment in comments
            ],
            comment_form=comment_form or CommentForm(),
            reply_form=ReplyForm(),
            reply_errors=reply_errors or {},
            can_translate=bool(_translation_workspaces(self.request.user)),
        )
        return self.render_to_response(context)

    def get(self, request, *args, **kwargs):
        return self._render()

    def post(self, request, *args, **kwargs):
        if "reply_to" in request.POST:
            comment_id = parse_id(request.POST.get("reply_to"))
            form = ReplyForm(request.POST)
            if comment_id is None:
                messages.error(request, _("That comment is no longer open."))
                return redirect(request.path)
            if form.is_valid():
                try:
                    clause_comment_reply(
                        clause=self.clause,
                        comment_id=comment_id,
                        user=request.user,
                        text=form.cleaned_data["text"],
                    )
                except ClauseError as error:
                    messages.error(request, error.message)
                    return redirect(request.path)
                messages.success(request, _("Your reply was added."))
                return redirect(request.path)
            return self._render(reply_errors={comment_id: form.errors.get("text", [])})
        form = CommentForm(request.POST)
        if form.is_valid():
            try:
                clause_comment_add(
                    clause=self.clause,
                    user=request.user,
                    field=form.cleaned_data["field"],
                    text=form.cleaned_data["text"],
                )
            except ClauseError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("Your comment was added."))
                return redirect(request.path)
        return self._render(comment_form=form)


def _translation_workspaces(user):
    """Workspaces `user` may add clauses to; read once per request (page listings ask per row)."""
    cached = user.__dict__.get("_clause_translation_workspaces")
    if cached is None:
        cached = [
            workspace
            for workspace in ClauseWorkspacePage.objects.order_by("path")
            if may_edit_in_workspace(user, workspace)
        ]
        user.__dict__["_clause_translation_workspaces"] = cached
    return cached


class TranslateForm(forms.Form):
    language = forms.ChoiceField(label=gettext_lazy("Translate into"))
    workspace = forms.TypedChoiceField(
        label=gettext_lazy("Workspace for the translation"), coerce=int
    )

    def __init__(self, *args, clause, workspaces, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = translation_languages(clause)
        self.fields["workspace"].choices = [(w.pk, w.title) for w in workspaces]
        home = [w.pk for w in workspaces if w.region_id == workspace_region_id(clause, None)]
        if home:
            self.fields["workspace"].initial = home[0]


@method_decorator(never_cache, name="dispatch")
class ClauseTranslateView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "courses/admin/clause_translate.html"
    page_title = gettext_lazy("Translate a clause")
    header_icon = "globe"

    def dispatch(self, request, page_id):
        self.clause = _clause_or_404(request, page_id)
        self.workspaces = _translation_workspaces(request.user)
        if not self.workspaces:
            raise Http404
        return super().dispatch(request, page_id)

    def get_page_subtitle(self):
        return self.clause.get_admin_display_title()

    def _render(self, form):
        return self.render_to_response(
            self.get_context_data(
                form=form,
                clause=self.clause,
                review_url=reverse("clause_review", args=[self.clause.pk]),
            )
        )

    def get(self, request, *args, **kwargs):
        return self._render(TranslateForm(clause=self.clause, workspaces=self.workspaces))

    def post(self, request, *args, **kwargs):
        form = TranslateForm(request.POST, clause=self.clause, workspaces=self.workspaces)
        if form.is_valid():
            workspace = next(w for w in self.workspaces if w.pk == form.cleaned_data["workspace"])
            try:
                translation = clause_translate(
                    clause=self.clause,
                    language=form.cleaned_data["language"],
                    workspace=workspace,
                    user=request.user,
                )
            except ClauseError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(
                    request,
                    _(
                        "The translation is a draft in %(workspace)s. Rewrite its text, then "
                        "submit it for review."
                    )
                    % {"workspace": workspace.title},
                )
                return redirect("wagtailadmin_pages:edit", translation.pk)
        return self._render(form)


@hooks.register("register_admin_urls")
def register_clause_urls():
    return [
        path("clauses/<str:page_id>/review/", ClauseReviewView.as_view(), name="clause_review"),
        path(
            "clauses/<str:page_id>/translate/",
            ClauseTranslateView.as_view(),
            name="clause_translate",
        ),
    ]


def _clause_buttons(page, user, priority):
    if not isinstance(page, ModelClausePage) or not may_read_drafts(user):
        return
    yield Button(
        _("Review and comment"),
        reverse("clause_review", args=[page.pk]),
        icon_name="comment",
        priority=priority,
    )
    if _translation_workspaces(user):
        yield Button(
            _("Translate"),
            reverse("clause_translate", args=[page.pk]),
            icon_name="globe",
            priority=priority + 1,
        )


@hooks.register("register_page_listing_more_buttons")
def clause_listing_buttons(page, user, next_url=None):
    yield from _clause_buttons(page, user, priority=30)


@hooks.register("register_page_header_buttons")
def clause_header_buttons(page, user, view_name=None, next_url=None):
    yield from _clause_buttons(page, user, priority=30)


@hooks.register("construct_page_chooser_queryset")
def hide_workspaces_from_choosers(pages, request):
    """Staff who may not read drafts (facilitators) do not see the workspaces in choosers."""
    if may_read_drafts(request.user):
        return pages
    return pages.not_type(ClauseWorkspacePage, ModelClausePage)


# --- Taxonomy ------------------------------------------------------------------------------


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    menu_label = gettext_lazy("Clause themes")
    menu_order = 220
    add_to_admin_menu = True
    list_display = ["name", "parent", "slug"]
    search_fields = ["name", "description"]
    ordering = ["parent__name", "sort_order", "name"]


class SectorViewSet(SnippetViewSet):
    model = Sector
    icon = "group"
    menu_label = gettext_lazy("Sectors")
    list_display = ["name", "slug"]


class JurisdictionViewSet(SnippetViewSet):
    model = Jurisdiction
    icon = "site"
    menu_label = gettext_lazy("Jurisdictions")
    list_display = ["name", "code"]


register_snippet(ThemeViewSet)
register_snippet(SectorViewSet)
register_snippet(JurisdictionViewSet)
