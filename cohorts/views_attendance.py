"""A participant's own attendance: checking in to a seminar and sending apologies.

Only people with a confirmed place in the session's cohort reach these pages;
for anyone else the session does not exist (404).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from .domain import attendance as domain
from .domain.exceptions import AttendanceError
from .enums import EnrolmentStatus
from .forms_attendance import ApologyForm, CheckInForm
from .models import Apology, Attendance, Session


def _my_session(request, uid) -> Session:
    session = (
        Session.objects.filter(
            uid=uid,
            cohort__enrolments__user=request.user,
            cohort__enrolments__status=EnrolmentStatus.APPROVED,
        )
        .select_related("cohort", "module")
        .first()
    )
    if session is None:
        raise Http404
    return session


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def check_in(request, uid):
    session = _my_session(request, uid)
    now = timezone.now()
    mark = Attendance.objects.filter(session=session, user=request.user).first()
    initial = {"code": request.GET.get("code", "")[:20]}
    form = CheckInForm(request.POST or None, initial=initial)
    if request.method == "POST" and mark is None and form.is_valid():
        try:
            mark = domain.attendance_check_in(
                session=session, user=request.user, code=form.cleaned_data["code"], now=now
            )
        except AttendanceError as error:
            form.add_error("code" if error.field == "code" else None, error.message)
        else:
            messages.success(
                request,
                _("You are checked in to seminar %(number)s. Welcome!")
                % {"number": session.seminar_number},
            )
            return redirect("attendance:check_in", uid=session.uid)
    opens, closes = domain.check_in_window(session)
    return render(
        request,
        "cohorts/check_in.html",
        {
            "session": session,
            "cohort": session.cohort,
            "form": form,
            "mark": mark,
            "is_open": domain.check_in_is_open(session, now=now),
            "not_yet": now < opens,
            "opens": opens,
            "closes": closes,
            "attempts_left": domain.check_in_attempts_left(
                session=session, user=request.user, now=now
            ),
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def apology(request, uid):
    session = _my_session(request, uid)
    existing = Apology.objects.filter(session=session, user=request.user).first()
    form = ApologyForm(
        request.POST or None, initial={"reason": existing.reason if existing else ""}
    )
    if request.method == "POST":
        try:
            if "withdraw" in request.POST:
                domain.apology_withdraw(session=session, user=request.user)
                messages.success(request, _("Your apology is withdrawn: see you there."))
                return redirect("mine:dashboard")
            if form.is_valid():
                domain.apology_send(
                    session=session, user=request.user, reason=form.cleaned_data["reason"]
                )
                messages.success(
                    request,
                    _("Your apology for seminar %(number)s is sent to your coordinators.")
                    % {"number": session.seminar_number},
                )
                return redirect("mine:dashboard")
        except AttendanceError as error:
            form.add_error("reason" if error.field == "reason" else None, error.message)
    return render(
        request,
        "cohorts/apology.html",
        {
            "session": session,
            "cohort": session.cohort,
            "form": form,
            "existing": existing,
            "started": session.starts_at <= timezone.now(),
        },
    )
