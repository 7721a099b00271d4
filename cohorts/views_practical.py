"""The participant's practical part page and the permission-checked file downloads.

Thin: each view loads only what the viewer may see (404 otherwise, so nobody
learns that someone else's submission exists), calls `cohorts.domain.practical`
and turns its `AttendanceError` into a message on the form.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .domain.exceptions import AttendanceError
from .domain.practical import downloadable_files, submission_file_remove, submission_submit
from .enums import EnrolmentStatus, SubmissionStatus
from .forms_practical import SubmissionForm
from .models import Enrolment, Submission, SubmissionFile
from .serving import private_file_response


def _own_enrolment(request, pk) -> Enrolment:
    return get_object_or_404(
        Enrolment.objects.select_related("cohort", "cohort__track", "cohort__region"),
        pk=pk,
        user=request.user,
        status=EnrolmentStatus.APPROVED,
    )


def _submission(enrolment) -> Submission | None:
    return Submission.objects.filter(enrolment=enrolment).first()


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def submit(request, pk):
    enrolment = _own_enrolment(request, pk)
    submission = _submission(enrolment)
    accepted = submission is not None and submission.status == SubmissionStatus.ACCEPTED
    form = None
    if not accepted:
        initial = {"text": submission.text} if submission else {}
        form = SubmissionForm(request.POST or None, request.FILES or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                submission_submit(
                    enrolment=enrolment,
                    text=form.cleaned_data["text"],
                    files=form.cleaned_data["files"],
                    by=request.user,
                )
            except AttendanceError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(
                    request, _("Your practical part has been submitted for review. Thank you.")
                )
                return redirect("practical:submit", pk=enrolment.pk)
        if request.method == "POST":
            messages.error(request, _("Nothing was submitted: please correct the errors below."))
    elif request.method == "POST":
        messages.error(request, _("Your practical part has been accepted; it cannot change."))
        return redirect("practical:submit", pk=enrolment.pk)
    files = list(submission.files.all()) if submission else []
    reviews = (
        list(submission.reviews.select_related("reviewed_by").order_by("-reviewed_at", "-pk"))
        if submission
        else []
    )
    return render(
        request,
        "cohorts/practical.html",
        {
            "enrolment": enrolment,
            "cohort": enrolment.cohort,
            "track": enrolment.cohort.track,
            "submission": submission,
            "files": files,
            "reviews": reviews,
            "form": form,
            "can_remove": not accepted and (len(files) > 1 or bool(submission and submission.text)),
        },
    )


@login_required
@require_POST
def file_remove(request, pk):
    submission_file = get_object_or_404(
        SubmissionFile.objects.select_related("submission"),
        pk=pk,
        submission__enrolment__user=request.user,
        submission__enrolment__status=EnrolmentStatus.APPROVED,
    )
    enrolment_id = submission_file.submission.enrolment_id
    try:
        submission_file_remove(submission_file=submission_file, by=request.user)
    except AttendanceError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("“%(name)s” has been removed.") % {"name": submission_file.original_name}
        )
    return redirect("practical:submit", pk=enrolment_id)


@require_GET
def download(request, pk):
    """Stream a submitted file to its owner or a reviewer of its cohort; 404 for anyone else."""
    submission_file = downloadable_files(request.user).filter(pk=pk).first()
    if submission_file is None:
        raise Http404
    return private_file_response(
        request,
        submission_file.file,
        content_type=submission_file.content_type,
        filename=submission_file.original_name,
        as_attachment=True,
    )
