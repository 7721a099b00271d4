"""Forms for people: sign-up profile, profile editing, erasure, and the admin's user forms."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm

from .models import Region, Union, User, time_zone_choices

PROFILE_FIELDS = [
    "full_name",
    "preferred_name",
    "preferred_language",
    "time_zone",
    "region",
    "union",
    "union_role",
    "interpretation_needs",
    "accessibility_needs",
]


class ProfileFieldsMixin:
    """Shared widgets and checks for every form that edits a person's profile."""

    def _setup_profile_fields(self):
        self.fields["time_zone"] = forms.ChoiceField(
            label=_("Time zone"),
            choices=time_zone_choices(),
            initial="UTC",
            help_text=_("Seminar times are shown in this zone."),
        )
        self.fields["region"].queryset = Region.objects.all()
        self.fields["region"].required = True
        self.fields["union"].queryset = Union.objects.select_related("region")
        self.fields["union"].required = False
        self.fields["full_name"].widget.attrs.update({"autocomplete": "name"})

    def clean(self):
        cleaned = super().clean()
        union, region = cleaned.get("union"), cleaned.get("region")
        if union and region and union.region_id != region.pk:
            self.add_error(
                "union",
                _(
                    "%(union)s belongs to the region %(region)s; "
                    "choose that region or another union."
                )
                % {"union": union, "region": union.region},
            )
        return cleaned


class SignupProfileForm(ProfileFieldsMixin, forms.ModelForm):
    """Extra fields on allauth's sign-up form; allauth calls `signup()` after creating the user."""

    privacy_consent = forms.BooleanField(
        label=_(
            "I have read the privacy notice and agree that my data is processed as it describes."
        ),
        required=True,
        error_messages={
            "required": _("You need to agree to the privacy notice to create an account.")
        },
    )

    class Meta:
        model = User
        fields = [
            "full_name",
            "preferred_language",
            "time_zone",
            "region",
            "union",
            "union_role",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_profile_fields()

    def signup(self, request, user):
        from .domain.people import person_register_profile

        person_register_profile(
            user=user,
            profile={name: self.cleaned_data[name] for name in self.Meta.fields},
        )


class ProfileForm(ProfileFieldsMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = PROFILE_FIELDS
        widgets = {"accessibility_needs": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_profile_fields()


class ConsentForm(forms.Form):
    """Consents a person may give or withdraw at any time (the privacy notice is not one:
    withdrawing it means deleting the account)."""

    recording = forms.BooleanField(
        label=_("I agree to be recorded in seminars (audio and video)."),
        required=False,
        help_text=_("Recordings are reused to train colleagues. You can change this at any time."),
    )
    programme_news = forms.BooleanField(
        label=_("Send me e-mail news about the programme."), required=False
    )


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        strip=False,
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That password is not correct."))
        return password


_ADMIN_FIELDS = {
    "email",
    "full_name",
    "region",
    "union",
    "union_role",
    "preferred_language",
    "is_superuser",
    "groups",
}


class RoleGroupsKeptMixin:
    """Role groups follow staff-role assignments (Staff roles in the admin), so the user
    form neither offers them nor drops them when it saves the other groups."""

    def _role_group_names(self):
        from .domain.roles import ROLE_GROUP_NAMES

        return list(ROLE_GROUP_NAMES.values())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "groups" in self.fields:
            self.fields["groups"].queryset = self.fields["groups"].queryset.exclude(
                name__in=self._role_group_names()
            )

    def _save_m2m(self):
        kept = []
        if self.instance.pk:
            kept = list(self.instance.groups.filter(name__in=self._role_group_names()))
        super()._save_m2m()
        if kept:
            self.instance.groups.add(*kept)


class AdminUserCreationForm(RoleGroupsKeptMixin, UserCreationForm):
    first_name = None
    last_name = None

    class Meta(UserCreationForm.Meta):
        model = User
        fields = _ADMIN_FIELDS


class AdminUserEditForm(RoleGroupsKeptMixin, UserEditForm):
    first_name = None
    last_name = None

    class Meta(UserEditForm.Meta):
        model = User
        fields = _ADMIN_FIELDS | {"is_active"}
