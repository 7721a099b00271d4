"""Participants' enrolment pages: apply, nominate, and their own cohorts.

Thin: each view loads what the person may act on (404 otherwise), calls one
domain function and turns its `EnrolmentError` into a message on the form.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from lms.domain.addresses import verified_account_for
from lms.domain.roles import coordinated_regions
from lms.models import Union

from .domain import enrolment as domain
from .domain.catalogue import public_cohort_queryset
from .domain.eligibility import (
    eligibility_problem,
    enrolment_window_problem,
    nomination_of_person,
)
from .domain.exceptions import EnrolmentError
from .domain.participation import clashes_with_my_cohorts, my_enrolments
from .enums import ACTIVE_ENROLMENT_STATUSES
from .forms_enrolment import ApplyForm, NominationForm
from .models import Enrolment


def current_enrolment(*, user, cohort):
    if not user.is_authenticated:
        return None
    return (
        Enrolment.objects.filter(cohort=cohort, user=user, status__in=ACTIVE_ENROLMENT_STATUSES)
        .order_by("-pk")
        .first()
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def apply(request, slug):
    cohort = get_object_or_404(public_cohort_queryset(), slug=slug)
    existing = current_enrolment(user=request.user, cohort=cohort)
    if existing is not None:
        messages.info(request, _("You have already applied to this cohort."))
        return redirect("mine:dashboard")
    form = ApplyForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            domain.enrolment_apply(
                cohort=cohort,
                user=request.user,
                profile=form.profile(),
                commitment=form.cleaned_data["commitment"],
                recording_consent=form.cleaned_data["recording_consent"],
            )
        except EnrolmentError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(
                request,
                _(
                    "Your application to %(cohort)s has been received. We have sent you an "
                    "e-mail; your coordinator will review it."
                )
                % {"cohort": cohort.title},
            )
            return redirect("mine:dashboard")
    if request.method == "POST":
        # A refused form changes nothing, not even the person on this request.
        request.user.refresh_from_db()
    nomination = nomination_of_person(cohort=cohort, user=request.user)
    return render(
        request,
        "cohorts/apply.html",
        {
            "cohort": cohort,
            "form": form,
            "closed": enrolment_window_problem(cohort=cohort),
            "ineligible": eligibility_problem(
                cohort=cohort, user=request.user, nomination=nomination
            ),
            "nomination": nomination,
            "is_full": domain.seats_taken(cohort) >= cohort.capacity,
            "clashes": clashes_with_my_cohorts(user=request.user, cohort=cohort),
        },
    )


def _nominating_unions(user, cohort):
    """The unions on whose behalf `user` may nominate people for `cohort`; None: not at all."""
    is_coordinator = coordinated_regions(user).filter(pk=cohort.region_id).exists()
    unions = Union.objects.filter(region=cohort.region)
    if not is_coordinator:
        # A contact is named by an administrator among the union's members; their own
        # address must be verified for the choice to mean the person it names.
        verified = verified_account_for(user.email) == user
        unions = unions.filter(contacts=user) if verified else unions.none()
    unions = list(unions.order_by("name"))
    if not unions and not is_coordinator:
        return None, False
    return unions, is_coordinator


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def nominate(request, slug):
    cohort = get_object_or_404(public_cohort_queryset(), slug=slug)
    unions, is_coordinator = _nominating_unions(request.user, cohort)
    if unions is None:
        raise Http404
    form = NominationForm(request.POST or None, unions=unions, with_override=is_coordinator)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            domain.nomination_create(
                cohort=cohort,
                email=data["email"],
                full_name=data["full_name"],
                union=data["union"],
                note=data["note"],
                override_reason=data.get("override_reason", ""),
                by=request.user,
            )
        except EnrolmentError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(
                request,
                _("%(name)s has been nominated and told by e-mail.") % {"name": data["full_name"]},
            )
            return redirect("catalogue:nominate", slug=cohort.slug)
    return render(
        request,
        "cohorts/nominate.html",
        {
            "cohort": cohort,
            "form": form,
            "nominations": cohort.nominations.filter(nominated_by=request.user).order_by(
                "-created_at"
            )[:50],
        },
    )


@never_cache
@login_required
def dashboard(request):
    current, past = my_enrolments(user=request.user)
    return render(request, "cohorts/my_cohorts.html", {"current": current, "past": past})


def _own_enrolment(request, pk):
    # Another person's enrolment is a 404, like one that does not exist.
    return get_object_or_404(
        Enrolment.objects.select_related("cohort", "cohort__track"), pk=pk, user=request.user
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request, pk):
    enrolment = _own_enrolment(request, pk)
    if not enrolment.is_active:
        raise Http404
    if request.method == "POST":
        try:
            domain.enrolment_withdraw(enrolment=enrolment, by=request.user)
        except EnrolmentError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("You have withdrawn from %(cohort)s.") % {"cohort": enrolment.cohort.title},
            )
        return redirect("mine:dashboard")
    return render(request, "cohorts/withdraw.html", {"enrolment": enrolment})


@login_required
@require_POST
def accept_offer(request, pk):
    enrolment = _own_enrolment(request, pk)
    try:
        domain.enrolment_offer_accept(enrolment=enrolment)
    except EnrolmentError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Your place in %(cohort)s is confirmed.") % {"cohort": enrolment.cohort.title},
        )
    return redirect("mine:dashboard")


@login_required
@require_POST
def decline_offer(request, pk):
    enrolment = _own_enrolment(request, pk)
    try:
        domain.enrolment_offer_decline(enrolment=enrolment)
    except EnrolmentError as error:
        # No open offer (accepted, lapsed or ended meanwhile): nothing changes.
        messages.error(request, error.message)
    else:
        messages.success(request, _("You have declined the place. Thank you for telling us."))
    return redirect("mine:dashboard")
