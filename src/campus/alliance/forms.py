"""Forms of the alliance pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import OrganisationType
from .selectors import regions_in_use


class OrganisationFilterForm(forms.Form):
    """The GET form above the organisations list; every field is optional."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_("Words in the name or description"),
    )
    type = forms.ChoiceField(label=_("Type"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        regions = list(regions_in_use())
        self.fields["type"].choices = [("", _("Any type")), *OrganisationType.choices]
        countries = sorted({region.country for region in regions})
        self.fields["country"].choices = [("", _("Any country")), *((c, c) for c in countries)]
        self.fields["region"].choices = [
            ("", _("Any region")),
            *((region.code, f"{region.name} ({region.code})") for region in regions),
        ]

    def filters(self) -> dict[str, str]:
        """The valid filters, for ``organisations_filter``; invalid ones are left out."""
        if self.is_bound and self.is_valid():
            return {key: value for key, value in self.cleaned_data.items() if value}
        if not self.is_bound:
            return {}
        return {
            key: value
            for key, value in self.cleaned_data.items()
            if value and key not in self.errors
        }
