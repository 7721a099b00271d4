"""Forms of the practical part: the participant's submission, the reviewer's decision and
the admin listing's filters. They only read the input; the rules are in
`cohorts.domain.practical`."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from .domain.practical import (
    ALLOWED_EXTENSIONS,
    FEEDBACK_MAX,
    TEXT_MAX,
    allowed_types_label,
)
from .enums import SubmissionStatus


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input (Django's "Uploading multiple files" recipe)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single_file_clean = super().clean
        if isinstance(data, (list, tuple)):
            return [single_file_clean(item, initial) for item in data if item]
        return [single_file_clean(data, initial)] if data else []


def _file_limits():
    return _("Up to %(count)d files in all, each at most %(size)s. Allowed types: %(types)s.") % {
        "count": settings.SUBMISSION_MAX_FILES,
        "size": filesizeformat(settings.SUBMISSION_MAX_FILE_BYTES),
        "types": allowed_types_label(),
    }


class SubmissionForm(forms.Form):
    text = forms.CharField(
        label=_("Your answer"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 12}),
    )
    files = MultipleFileField(label=_("Add files"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].help_text = _(
            "At most %(max)d characters. Write your answer here, attach it as files, or both."
        ) % {"max": TEXT_MAX}
        # Read at form time, so a changed setting (or a test) is shown as it is.
        self.fields["files"].help_text = _file_limits()
        self.fields["files"].widget.attrs["accept"] = ",".join(
            f".{extension}" for extension in ALLOWED_EXTENSIONS
        )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=(
            (SubmissionStatus.ACCEPTED, _("Accept the practical part")),
            (SubmissionStatus.NEEDS_REVISION, _("Ask for a revision")),
        ),
        widget=forms.RadioSelect,
    )
    feedback = forms.CharField(
        label=_("Feedback"),
        required=False,
        max_length=FEEDBACK_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Required when you ask for a revision. The participant reads it in an e-mail "
            "and on their page, so write it to them."
        ),
    )


class SubmissionFilterForm(forms.Form):
    cohort = forms.ModelChoiceField(
        label=_("Cohort"), queryset=None, required=False, empty_label=_("All my cohorts")
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=(("", _("Any status")), *SubmissionStatus.choices),
    )

    def __init__(self, *args, cohorts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = cohorts.order_by("title", "pk")
