"""Coordinators review enrolment applications in the admin.

Thin views over `cohorts.domain.enrolment`: the listing and inspect pages of
enrolments and nominations, and "Review applications", which approves,
declines or removes many enrolments at once. Every row is looked up through
the viewer's regions; a row outside them does not exist for the viewer.
"""

from collections import Counter

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permissions import policy_registry

from lms.admin_scoping import ScopedIndexView, ScopedInspectView, scope_queryset
from lms.models import User

from .admin_common import parse_id
from .domain.enrolment import (
    APPLICANT_FIELDS,
    enrolment_approve,
    enrolment_decline,
    enrolment_remove,
    waitlist_position,
    with_waitlist_ahead,
)
from .domain.exceptions import EnrolmentError
from .enums import ACTIVE_ENROLMENT_STATUSES, EnrolmentStatus
from .filters import EnrolmentFilterSet
from .models import Cohort, Enrolment

REGION_LOOKUP = "cohort__region"
# At most this many applications in one submission.
MAX_SELECTED = 500

APPROVE, DECLINE, REMOVE = "approve", "decline", "remove"
ACTIONS = (
    (APPROVE, gettext_lazy("Approve")),
    (DECLINE, gettext_lazy("Decline")),
    (REMOVE, gettext_lazy("Remove from the cohort")),
)
# Statuses from which each action can succeed (the domain has the last word).
ACTION_STATUSES = {
    APPROVE: (EnrolmentStatus.APPLIED,),
    DECLINE: (EnrolmentStatus.APPLIED, EnrolmentStatus.WAITLISTED),
    REMOVE: ACTIVE_ENROLMENT_STATUSES,
}


def can_review(user) -> bool:
    return policy_registry.get_by_type(Enrolment).user_has_permission(user, "change")


def review_url(**params) -> str:
    url = reverse("enrolments:review")
    return f"{url}?{urlencode(params)}" if params else url


def _when(value) -> str:
    return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT") if value else ""


def queue_label(enrolment) -> str:
    """Waiting-list position or offer deadline, where one applies."""
    if enrolment.status == EnrolmentStatus.WAITLISTED:
        return _("No. %(position)s on the waiting list") % {
            "position": waitlist_position(enrolment)
        }
    if enrolment.status == EnrolmentStatus.OFFERED and enrolment.offer_expires_at:
        return _("Offer open until %(deadline)s") % {"deadline": _when(enrolment.offer_expires_at)}
    return ""


def _union_label(user) -> str:
    union = user.union
    if union is None:
        return ""
    return f"{union.name} ({union.country.code})" if union.country else union.name


def enrolment_columns():
    return [
        "user",
        Column("email", label=gettext_lazy("E-mail"), accessor="user.email"),
        Column("union", label=gettext_lazy("Union"), accessor=lambda e: _union_label(e.user)),
        "cohort",
        "status",
        DateColumn("applied_at", label=gettext_lazy("Applied"), sort_key="applied_at"),
        Column("queue", label=gettext_lazy("Waiting list / offer"), accessor=queue_label),
    ]


def _not_found(request, *args, **kwargs):
    raise Http404


class NoGenericEditsMixin:
    """A ViewSet without add, edit or delete pages: changes go through domain actions.

    The URLs are not registered at all, and links that would lead to the edit page
    (listing titles, admin URL finder) lead to the inspect page instead.
    """

    removed_url_names = frozenset({"add", "edit", "delete"})
    inspect_view_enabled = True

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            **{"add_url_name": None, "edit_url_name": None, "delete_url_name": None, **kwargs}
        )

    # Never built (there is no form to build them with) and dropped from the URLs below.
    add_view = edit_view = delete_view = staticmethod(_not_found)

    def get_urlpatterns(self):
        return [p for p in super().get_urlpatterns() if p.name not in self.removed_url_names]

    @property
    def url_finder_class(self):
        return type(
            "_InspectURLFinder",
            (ModelAdminURLFinder,),
            {"edit_url_name": self.get_url_name("inspect")},
        )


class EnrolmentIndexView(ScopedIndexView):
    def get_base_queryset(self):
        return with_waitlist_ahead(super().get_base_queryset())

    @property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if can_review(self.request.user):
            buttons.append(
                HeaderButton(_("Review applications"), url=review_url(), icon_name="tasks")
            )
        return buttons

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if not can_review(self.request.user):
            return buttons
        for action, label, icon in (
            (APPROVE, _("Approve"), "tick"),
            (DECLINE, _("Decline"), "cross"),
            (REMOVE, _("Remove from the cohort"), "bin"),
        ):
            if instance.status in ACTION_STATUSES[action]:
                buttons.append(
                    MenuItem(
                        label, url=review_url(selected=instance.pk, action=action), icon_name=icon
                    )
                )
        return buttons


class EnrolmentInspectView(ScopedInspectView):
    """The application as the coordinator needs it to decide."""

    person_fields = ("email", *APPLICANT_FIELDS)
    labels = {
        "email": gettext_lazy("E-mail"),
        "queue": gettext_lazy("Waiting list / offer"),
    }

    def get_fields(self):
        return [
            "user",
            *self.person_fields,
            "cohort",
            "status",
            "queue",
            "commitment_confirmed",
            "recording_consent",
            "nomination",
            "eligibility_override",
            "decision_reason",
            "decided_by",
            "applied_at",
            "decided_at",
            "waitlisted_at",
            "offer_expires_at",
            "ended_at",
        ]

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        return (
            Enrolment.objects.select_related(
                "user", "user__union", "cohort", "decided_by", "nomination__nominated_by"
            )
            .select_related("nomination__union")
            .get(pk=obj.pk)
        )

    def get_field_label(self, field_name, field):
        if field_name in self.labels:
            return capfirst(self.labels[field_name])
        if field_name in self.person_fields:
            return capfirst(User._meta.get_field(field_name).verbose_name)
        return super().get_field_label(field_name, field)

    def get_field_display_value(self, field_name, field):
        enrolment = self.object
        if field_name in self.person_fields:
            person = enrolment.user
            if field_name == "union":
                value = _union_label(person)
            else:
                display = getattr(person, f"get_{field_name}_display", None)
                value = display() if display else getattr(person, field_name)
        elif field_name == "queue":
            value = queue_label(enrolment)
        elif field_name == "nomination":
            value = self._nomination_label(enrolment.nomination)
        elif field_name in ("commitment_confirmed", "recording_consent"):
            value = _("Yes") if getattr(enrolment, field_name) else _("No")
        elif field_name.endswith("_at"):
            value = _when(getattr(enrolment, field_name))
        else:
            value = super().get_field_display_value(field_name, field)
        return "—" if value in (None, "") else value

    @staticmethod
    def _nomination_label(nomination):
        if nomination is None:
            return _("Not nominated")
        parts = [
            _("Nominated by %(by)s on %(date)s")
            % {
                "by": nomination.nominated_by or _("someone no longer registered"),
                "date": _when(nomination.created_at),
            }
        ]
        if nomination.union_id:
            parts.append(_("for %(union)s") % {"union": nomination.union.name})
        if nomination.note:
            parts.append(_("Note: %(note)s") % {"note": nomination.note})
        if nomination.eligibility_override:
            parts.append(_("Override: %(reason)s") % {"reason": nomination.eligibility_override})
        return "; ".join(str(part) for part in parts)


class EnrolmentReviewForm(forms.Form):
    """Which action to apply to the selected enrolments (sent as repeated `selected` values)."""

    action = forms.ChoiceField(
        label=gettext_lazy("Action"), choices=ACTIONS, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "Required to decline or remove. It is e-mailed to each person, so write it to them."
        ),
    )
    override_reason = forms.CharField(
        label=gettext_lazy("Eligibility override reason"),
        required=False,
        max_length=300,
        help_text=gettext_lazy(
            "Approve only, optional: why people the track's rules would not admit may join anyway."
        ),
    )

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.queryset = queryset

    def _selected_ids(self) -> set[int]:
        raw = self.data.getlist("selected") if hasattr(self.data, "getlist") else []
        if not raw:
            raise ValidationError(_("Select at least one application."), code="empty")
        if len(raw) > MAX_SELECTED:
            raise ValidationError(
                _("Select at most %(max)s applications at a time.") % {"max": MAX_SELECTED},
                code="too_many",
            )
        ids = {parse_id(value) for value in raw}
        if None in ids or self.queryset.filter(pk__in=ids).count() != len(ids):
            raise ValidationError(
                _(
                    "Some of the selected applications do not exist or are not in your "
                    "regions. Nothing was changed."
                ),
                code="invalid_selection",
            )
        return ids

    def clean(self):
        data = super().clean()
        try:
            ids = self._selected_ids()
        except ValidationError as error:
            self.add_error(None, error)
            return data
        data["enrolments"] = list(
            self.queryset.filter(pk__in=ids)
            .select_related("user", "cohort")
            .order_by("applied_at", "pk")
        )
        if data.get("action") in (DECLINE, REMOVE) and not data.get("reason"):
            self.add_error("reason", _("Give the reason the person will read."))
        return data


class EnrolmentReviewView(WagtailAdminTemplateMixin, TemplateView):
    """Approve, decline or remove the selected enrolments, each in its own transaction."""

    template_name = "cohorts/admin/enrolment_review.html"
    page_title = gettext_lazy("Review applications")
    header_icon = "tasks"
    per_page = 100
    # Query parameters that narrow the table; kept after a submission.
    kept_params = ("cohort", "region", "status", "union", "country", "union_role", "language", "q")

    def dispatch(self, request, *args, **kwargs):
        if not can_review(request.user):
            raise PermissionDenied
        self.scoped = scope_queryset(Enrolment.objects.all(), request.user, REGION_LOOKUP)
        self.cohort = None
        cohort_param = request.GET.get("cohort")
        if cohort_param:
            cohort_id = parse_id(cohort_param)
            cohorts = scope_queryset(Cohort.objects.all(), request.user, "region")
            self.cohort = cohorts.filter(pk=cohort_id).first() if cohort_id else None
            if self.cohort is None:
                raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse("enrolments:index"),
                "label": capfirst(Enrolment._meta.verbose_name_plural),
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def get_page_subtitle(self):
        return str(self.cohort) if self.cohort else ""

    def _preselected(self) -> list[int]:
        return [pk for pk in map(parse_id, self.request.GET.getlist("selected")) if pk]

    def _rows(self):
        queryset = with_waitlist_ahead(
            self.scoped.select_related("user", "user__union", "cohort")
        ).order_by("cohort__title", "cohort_id", "applied_at", "pk")
        filterset = EnrolmentFilterSet(self.request.GET, queryset=queryset, request=self.request)
        rows = filterset.qs
        preselected = self._preselected()
        if preselected:
            rows = rows.filter(pk__in=preselected)
        page = Paginator(rows, self.per_page).get_page(self.request.GET.get("p"))
        return filterset, page, preselected

    def _render(self, form, status=200):
        filterset, page, preselected = self._rows()
        if self.request.method == "POST":
            checked = {parse_id(value) for value in self.request.POST.getlist("selected")}
        else:
            checked = set(preselected)
        params = self.request.GET.copy()
        params.pop("p", None)
        context = self.get_context_data(
            form=form,
            filter_form=filterset.form,
            page=page,
            rows=[
                {"enrolment": e, "queue": queue_label(e), "checked": e.pk in checked}
                for e in page.object_list
            ],
            checked_ids=checked,
            preselected=preselected,
            page_query=params.urlencode(),
            show_all_url=review_url(**({"cohort": self.cohort.pk} if self.cohort else {})),
            action_url=self.request.get_full_path(),
        )
        return TemplateResponse(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        action = request.GET.get("action")
        initial = {"action": action} if action in dict(ACTIONS) else {}
        return self._render(EnrolmentReviewForm(initial=initial, queryset=self.scoped))

    def post(self, request, *args, **kwargs):
        form = EnrolmentReviewForm(request.POST, queryset=self.scoped)
        if not form.is_valid():
            messages.error(request, _("Nothing was changed: please correct the errors below."))
            return self._render(form)
        self._apply(form.cleaned_data)
        params = {k: request.GET[k] for k in self.kept_params if request.GET.get(k)}
        return redirect(review_url(**params))

    def _apply(self, data):
        action, by = data["action"], self.request.user
        counts = Counter()
        refusals = []
        for enrolment in data["enrolments"]:
            try:
                if action == APPROVE:
                    result = enrolment_approve(
                        enrolment=enrolment, by=by, override_reason=data["override_reason"]
                    )
                elif action == DECLINE:
                    result = enrolment_decline(enrolment=enrolment, by=by, reason=data["reason"])
                else:
                    result = enrolment_remove(enrolment=enrolment, by=by, reason=data["reason"])
            except EnrolmentError as error:
                refusals.append((enrolment.user, error.message))
            else:
                counts[result.status] += 1
        self._report(counts, refusals)

    def _report(self, counts, refusals):
        reports = (
            (
                EnrolmentStatus.APPROVED,
                ngettext(
                    "%(count)d application approved.",
                    "%(count)d applications approved.",
                    counts[EnrolmentStatus.APPROVED],
                ),
            ),
            (
                EnrolmentStatus.WAITLISTED,
                ngettext(
                    "%(count)d person put on the waiting list (no place left).",
                    "%(count)d people put on the waiting list (no places left).",
                    counts[EnrolmentStatus.WAITLISTED],
                ),
            ),
            (
                EnrolmentStatus.DECLINED,
                ngettext(
                    "%(count)d application declined.",
                    "%(count)d applications declined.",
                    counts[EnrolmentStatus.DECLINED],
                ),
            ),
            (
                EnrolmentStatus.REMOVED,
                ngettext(
                    "%(count)d person removed from the cohort.",
                    "%(count)d people removed from the cohort.",
                    counts[EnrolmentStatus.REMOVED],
                ),
            ),
        )
        for status, text in reports:
            if counts[status]:
                messages.success(self.request, text % {"count": counts[status]})
        for person, problem in refusals:
            messages.error(
                self.request,
                _("Not changed: %(person)s. %(problem)s") % {"person": person, "problem": problem},
            )


# Nominations: read-only in the admin (people are nominated on the public cohort page).


def nomination_columns():
    return [
        "full_name",
        Column("email", label=gettext_lazy("E-mail"), accessor="email"),
        "union",
        "cohort",
        "nominated_by",
        DateColumn("created_at", label=gettext_lazy("Nominated"), sort_key="created_at"),
        Column(
            "eligibility_override",
            label=gettext_lazy("Eligibility override"),
            accessor="eligibility_override",
        ),
    ]
