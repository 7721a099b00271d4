"""Participants' forms: applying to a cohort and nominating people for one."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cohorts.domain.enrolment import PROFILE_FIELDS
from lms.forms import ProfileFieldsMixin
from lms.models import Union, User


class ApplyForm(ProfileFieldsMixin, forms.ModelForm):
    """The applicant confirms their profile, commits to every seminar and decides on recording."""

    commitment = forms.BooleanField(
        label=_("I will attend every seminar of this cohort: completing the course depends on it."),
        required=True,
    )
    recording_consent = forms.TypedChoiceField(
        label=_("May the seminars be recorded with you in them?"),
        choices=[
            ("yes", _("Yes: recordings help train colleagues")),
            ("no", _("No: keep me out of recordings")),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        help_text=_("You can change this later in your profile."),
    )

    class Meta:
        model = User
        fields = list(PROFILE_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_profile_fields()
        self.fields["union"].required = True
        self.fields["union_role"].required = True

    def profile(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class NominationForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    union = forms.ModelChoiceField(label=_("Affiliate union"), queryset=Union.objects.none())
    note = forms.CharField(
        label=_("Note to the person"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, unions, with_override=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"].queryset = Union.objects.filter(pk__in=[u.pk for u in unions])
        if len(unions) == 1:
            self.fields["union"].initial = unions[0].pk
        # A union's contact nominates for their union; a coordinator may nominate anyone.
        self.fields["union"].required = not with_override
        if with_override:
            self.fields["override_reason"] = forms.CharField(
                label=_("Admit although the track's rules say otherwise, because…"),
                max_length=300,
                required=False,
                help_text=_("Coordinators only. Leave empty unless you mean to override."),
            )

    def clean_full_name(self):
        value = " ".join(self.cleaned_data["full_name"].split())
        if not value:
            raise forms.ValidationError(_("Give the person's name."))
        return value
