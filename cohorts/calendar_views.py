"""Calendar downloads and feeds, and the page where a person gets their own feed's link.

Public files never carry join links. The personal feed is reached by a secret
token instead of a session cookie, because calendar apps fetch it on their own.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from cohorts.calendars import CONTENT_TYPE, build_calendar, session_summary
from cohorts.domain.calendar_tokens import (
    calendar_token_active,
    calendar_token_issue,
    calendar_token_revoke,
    calendar_token_user,
)
from cohorts.domain.membership import cohorts_for_person
from cohorts.models import Cohort, Session
from lms.languages import person_language

PUBLIC_CACHE = "public, max-age=300"


def _base_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _ics_response(calendar, *, cache_control: str, filename: str | None = None) -> HttpResponse:
    response = HttpResponse(calendar.to_ical(), content_type=CONTENT_TYPE)
    response["Cache-Control"] = cache_control
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def session_ics(request, uid):
    """One session of a public cohort, to add to a calendar (no join link)."""
    session = get_object_or_404(Session.objects.select_related("cohort", "module"), uid=uid)
    if not session.cohort.is_public:
        raise Http404
    calendar = build_calendar(
        [session], name=session_summary(session), base_url=_base_url(request), join_links=False
    )
    filename = f"{session.cohort.slug}-seminar-{session.seminar_number}.ics"
    return _ics_response(calendar, cache_control=PUBLIC_CACHE, filename=filename)


@require_safe
def cohort_feed(request, slug):
    """Every session of a public cohort, cancelled ones kept as cancelled (no join links)."""
    cohort = get_object_or_404(Cohort, slug=slug)
    if not cohort.is_public:
        raise Http404
    sessions = (
        Session.objects.filter(cohort=cohort)
        .select_related("cohort", "module")
        .order_by("starts_at")
    )
    calendar = build_calendar(
        sessions, name=cohort.title, base_url=_base_url(request), join_links=False
    )
    return _ics_response(calendar, cache_control=PUBLIC_CACHE)


@require_safe
def personal_feed(request, token):
    """Every session of every cohort the token's owner is in, with join links.

    Two queries whatever the number of sessions: the token with its person,
    then the sessions with their cohorts and modules.
    """
    user = calendar_token_user(token)
    if user is None:
        raise Http404
    sessions = (
        Session.objects.filter(cohort__in=cohorts_for_person(user))
        .select_related("cohort", "module")
        .order_by("starts_at")
    )
    # Calendar apps send no cookie: write the feed in the owner's language.
    with translation.override(person_language(user)):
        calendar = build_calendar(
            sessions,
            name=_("My seminars – %(site)s") % {"site": settings.WAGTAIL_SITE_NAME},
            base_url=_base_url(request),
            join_links=True,
        )
    response = _ics_response(calendar, cache_control="private, no-store")
    response["X-Robots-Tag"] = "noindex"
    return response


def _feed_links(request, raw_token: str) -> dict:
    url = request.build_absolute_uri(reverse("calendars:personal", args=[raw_token]))
    return {"feed_url": url, "webcal_url": "webcal://" + url.split("://", 1)[1]}


@login_required
@require_http_methods(["GET", "POST"])
def subscribe(request):
    """The person's own feed: create or replace its link (shown once), or stop it."""
    context = {"token": calendar_token_active(request.user)}
    if request.method == "POST":
        raw = calendar_token_issue(user=request.user)
        context = {"token": calendar_token_active(request.user), **_feed_links(request, raw)}
    response = render(request, "cohorts/calendar_subscribe.html", context)
    # The link is a secret: no copy of this page in any cache or history store.
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def stop(request):
    if calendar_token_revoke(user=request.user):
        messages.success(request, _("Your calendar link has stopped working."))
    return redirect("calendars:subscribe")
