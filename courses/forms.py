from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminPageForm


class ModulePageForm(WagtailAdminPageForm):
    """Keeps seminar numbers within the track's count and unique among its modules."""

    def clean_number(self):
        # Imported here because the page models name this form as their base.
        from .models import ModulePage, TrackPage

        number = self.cleaned_data.get("number")
        parent = self.parent_page.specific if self.parent_page else None
        if number is None or not isinstance(parent, TrackPage):
            return number
        if number > parent.seminar_count:
            raise ValidationError(
                _("This track has %(count)s seminars; choose a number from 1 to %(count)s.")
                % {"count": parent.seminar_count}
            )
        clashes = ModulePage.objects.child_of(parent).filter(number=number)
        if self.instance.pk:
            clashes = clashes.exclude(pk=self.instance.pk)
        if clashes.exists():
            raise ValidationError(
                _("Another module of this track is already seminar %(number)s.")
                % {"number": number}
            )
        return number


class SearchForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Search the curriculum"),
        max_length=200,
        strip=True,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
