"""The admin calendar's pages: the session calendar and the time-slot helper.

Both are scoped like the rest of the delivery admin: a person sees only the
sessions and cohorts of the regions they coordinate (programme administrators
see every region), and a region outside those is a 404.
"""

import zoneinfo

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from wagtail.permissions import policy_registry

from lms.admin_scoping import scope_queryset
from lms.domain.roles import coordinated_regions

from ..domain.session_calendar import (
    EARLIEST_DAY,
    LATEST_DAY,
    MONTH,
    WEEK,
    build_session_calendar,
    shift_day,
)
from ..domain.time_slots import (
    people_zones,
    region_main_zones,
    seminar_minutes,
    time_slot_rows,
    user_zone_name,
)
from ..models import Session
from .forms import CalendarFilterForm, TimeSlotForm


def can_view_sessions(user):
    """Whether `user` may see sessions in the admin at all (in some region)."""
    return policy_registry.get_by_type(Session).user_has_permission(user, "view")


def _viewer_regions(user):
    return list(coordinated_regions(user).order_by("sort_order", "name"))


def session_calendar(request):
    user = request.user
    if not can_view_sessions(user):
        raise PermissionDenied
    regions = _viewer_regions(user)
    form = CalendarFilterForm(request.GET, regions=regions)
    form.is_valid()
    errors = form.errors
    if "region" in errors:
        # Another region, a region that does not exist or nonsense: the same answer.
        raise Http404
    data = form.cleaned_data
    notices = []
    view = data.get("view") or MONTH
    if "view" in errors:
        notices.append(_("That view is not available; showing the month."))
    zone_name = data.get("tz") or user_zone_name(user=user)
    if "tz" in errors:
        notices.append(_("That time zone is not known; showing your own."))
    zone = zoneinfo.ZoneInfo(zone_name)
    today = timezone.now().astimezone(zone).date()
    day = data.get("date") or today
    if "date" in errors:
        notices.append(_("That date was not understood; showing today."))
    region_id = data.get("region")
    region = next((r for r in regions if r.pk == region_id), None)

    shown = build_session_calendar(
        sessions=scope_queryset(Session.objects.all(), user, "cohort__region"),
        view=view,
        day=day,
        zone=zone,
        region=region,
        visible_region_ids={r.pk for r in regions},
    )
    for entry in shown.entries:
        entry.edit_url = reverse("sessions:edit", args=[entry.session.pk])
        entry.move_url = reverse("sessions:move", args=[entry.session.pk])

    params = {"view": view, "date": day.isoformat(), "tz": zone_name}
    if region is not None:
        params["region"] = region.pk

    def link(**changes):
        return "?" + urlencode({**params, **changes})

    previous_day = shift_day(view=view, day=day, steps=-1)
    next_day = shift_day(view=view, day=day, steps=1)
    context = {
        "view": view,
        "day": day,
        "first": shown.first,
        "last": shown.last,
        "zone_name": zone_name,
        "region": region,
        "regions": regions,
        "show_region": region is None and len(regions) > 1,
        "entries": shown.entries,
        "conflict_count": shown.conflict_count,
        "cancelled_count": shown.cancelled_count,
        "notices": notices,
        "filter_form": CalendarFilterForm(
            initial={
                "view": view,
                "date": day,
                "region": region.pk if region else "",
                "tz": zone_name,
            },
            regions=regions,
        ),
        "previous_url": link(date=previous_day.isoformat()) if previous_day >= EARLIEST_DAY else "",
        "next_url": link(date=next_day.isoformat()) if next_day <= LATEST_DAY else "",
        "today_url": link(date=today.isoformat()),
        "month_url": link(view=MONTH),
        "week_url": link(view=WEEK),
        "time_slots_url": reverse("session_calendar:time_slots"),
    }
    if view == MONTH:
        context.update(weeks=shown.weeks, weekdays=shown.weekdays)
    else:
        context["days"] = shown.days
    return render(request, "cohorts/admin/session_calendar.html", context)


def time_slots(request):
    user = request.user
    if not can_view_sessions(user):
        raise PermissionDenied
    form = TimeSlotForm(request.GET or None, user=user)
    context = {"form": form, "calendar_url": reverse("session_calendar:index")}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        cohort, region = data["cohort"], data["region"]
        minutes = seminar_minutes(cohort=cohort)
        rows = time_slot_rows(
            starts_at=data["starts_at"],
            duration_minutes=minutes,
            reference_zone=data["zone"],
            main_zones=region_main_zones(region=region),
            people_zones=people_zones(cohort=cohort),
        )
        context.update(
            cohort=cohort,
            region=region,
            zone_name=data["zone"],
            minutes=minutes,
            starts_at_utc=data["starts_at"].replace(tzinfo=None),
            local_start=data["start"],
            rows=rows,
            night_count=sum(1 for row in rows if row.is_night),
        )
    return render(request, "cohorts/admin/time_slots.html", context)
