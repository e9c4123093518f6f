"""The forms of the skills gap: its filters, the uploads (a CSV file previewed, then
confirmed) and one need entered by hand."""

from django import forms
from django.utils.translation import gettext_lazy as _

from campus.alliance.models import Region, Theme
from campus.catalog.forms.teaching import UploadForm

from .csv_io import SOURCE_MAX
from .models import SURVEY_WEIGHT_MAX


class GapFilterForm(forms.Form):
    """Which region, theme and period the gap is of; an empty region is the whole alliance."""

    region = forms.ChoiceField(label=_("Region"), required=False)
    theme = forms.ChoiceField(
        label=_("Theme"), required=False, choices=[("", _("All themes")), *Theme.choices]
    )
    since = forms.DateField(
        label=_("Needs expressed from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    until = forms.DateField(
        label=_("Needs expressed until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, regions: list[Region], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("The whole alliance"))]
        choices += [(r.code, f"{r.name} ({r.code})") for r in regions]
        self.fields["region"].choices = choices
        # An unknown code is answered by the view (404 with a message), not as a choice error.
        self.fields["region"].validate = lambda value: None

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            raise forms.ValidationError(_("The period ends before it begins."))
        return data


class SourcedUploadForm(UploadForm):
    """A CSV file with the source of its data (kept with every row)."""

    source = forms.CharField(
        label=_("Source"),
        max_length=SOURCE_MAX,
        help_text=_("Where the data come from, e.g. “Kempen employers' survey 2026”."),
    )


class NeedForm(forms.Form):
    """One regional need entered by hand."""

    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.none())
    skill = forms.CharField(
        label=_("Skill"), max_length=400, help_text=_("An ESCO skill URI or a skill's label.")
    )
    weight = forms.DecimalField(
        label=_("Weight"),
        min_value=0,
        max_value=SURVEY_WEIGHT_MAX,
        decimal_places=1,
        help_text=_("From 0 (not needed) to 10 (needed most)."),
    )
    source = forms.CharField(label=_("Source"), max_length=SOURCE_MAX)

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions


class IndicatorFilterForm(forms.Form):
    """Which institution, region, theme and term the impact indicators count, and what they
    are broken down by. Codes, not ids, so that an address can be shared: an Erasmus code, a
    NUTS code, a theme, a term such as 2026-autumn."""

    by = forms.ChoiceField(label=_("Broken down by"), required=False)
    institution = forms.ChoiceField(label=_("Institution"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    theme = forms.ChoiceField(
        label=_("Theme"), required=False, choices=[("", _("All themes")), *Theme.choices]
    )
    term = forms.ChoiceField(
        label=_("Term"),
        required=False,
        help_text=_("Autumn runs from August to January, spring from February to July."),
    )

    def __init__(self, *args, institutions, regions, terms, dimensions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["by"].choices = list(dimensions)
        self.fields["institution"].choices = [("", _("All institutions"))] + [
            (i.code, i.short_name) for i in institutions
        ]
        self.fields["region"].choices = [("", _("All regions"))] + [
            (r.code, f"{r.name} ({r.code})") for r in regions
        ]
        self.fields["term"].choices = [("", _("All terms"))] + [(t.code, t.label) for t in terms]
        # Unknown codes and terms are answered by the view (404, or 400 for a malformed term),
        # with a message, not as a choice error: any term is accepted, not only those listed.
        for name in ("institution", "region", "term"):
            self.fields[name].validate = lambda value: None
