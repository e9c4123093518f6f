"""The catalogue's search and filter form (GET, every field optional)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from campus.alliance.models import Theme

from .models import CourseType, Mode
from .selectors_catalogue import institutions_for_filter

SORT_CHOICES = [
    ("relevance", _("Best match")),
    ("title", _("Title")),
    ("ects", _("ECTS credits")),
    ("start", _("Next start")),
]
ESCO_PREFIX = "http://data.europa.eu/esco/"


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_("Words in titles, descriptions, learning outcomes or skills, in any language"),
    )
    type = forms.ChoiceField(label=_("Type"), required=False)
    institution = forms.ChoiceField(label=_("Institution"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    language = forms.ChoiceField(label=_("Teaching language"), required=False)
    mode = forms.ChoiceField(label=_("Mode"), required=False)
    ects_min = forms.DecimalField(
        label=_("ECTS from"), required=False, min_value=0, max_value=180, decimal_places=1
    )
    ects_max = forms.DecimalField(
        label=_("ECTS up to"), required=False, min_value=0, max_value=180, decimal_places=1
    )
    eqf = forms.TypedChoiceField(
        label=_("EQF level"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Any level")), *((n, str(n)) for n in range(1, 9))],
    )
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    field = forms.CharField(
        label=_("ISCED-F field"),
        required=False,
        max_length=4,
        validators=[RegexValidator(r"^\d{2,4}$", _("Two to four digits, such as 07 or 0712."))],
        help_text=_("Code or its beginning, such as 07 or 0712"),
    )
    skill = forms.CharField(
        label=_("Skill"),
        required=False,
        max_length=300,
        help_text=_("A skill's name, or its ESCO URI"),
    )
    starts_after = forms.DateField(
        label=_("Starts on or after"), required=False, widget=_date_input()
    )
    starts_before = forms.DateField(
        label=_("Starts on or before"), required=False, widget=_date_input()
    )
    open_now = forms.BooleanField(label=_("Open for enrolment now"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        institutions = list(institutions_for_filter())
        self.fields["type"].choices = [("", _("Any type")), *CourseType.choices]
        self.fields["institution"].choices = [
            ("", _("Any institution")),
            *((i.slug, f"{i.short_name} ({i.country})") for i in institutions),
        ]
        countries = sorted({i.country for i in institutions})
        self.fields["country"].choices = [("", _("Any country")), *((c, c) for c in countries)]
        self.fields["language"].choices = [("", _("Any language")), *settings.LANGUAGES]
        self.fields["mode"].choices = [("", _("Any mode")), *Mode.choices]
        self.fields["theme"].choices = [("", _("Any theme")), *Theme.choices]
        self.skill_label: str | None = None  # the skill a typed name was resolved to
        self.skill_unknown = False

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("ects_min"), cleaned.get("ects_max")
        if low is not None and high is not None and low > high:
            self.add_error("ects_max", _("The upper bound is below the lower bound."))
        after, before = cleaned.get("starts_after"), cleaned.get("starts_before")
        if after and before and after > before:
            self.add_error("starts_before", _("This date is before the first one."))
        return cleaned

    def filters(self) -> dict[str, Any]:
        """The valid filters for ``courses_filter``; invalid fields are left out (and shown)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        values = {
            key: value
            for key, value in self.cleaned_data.items()
            if key not in self.errors and value not in (None, "", False)
        }
        for key in ("ects_min", "ects_max"):
            if key in values:
                values[key] = Decimal(values[key])
        if skill := values.get("skill"):
            values["skill"] = self._skill_uri(skill)
        return values

    def _skill_uri(self, text: str) -> str:
        if text.startswith(ESCO_PREFIX):
            return text
        from campus.skills.selectors import skills_search

        found = skills_search(text, limit=1)
        if not found:
            self.skill_unknown = True
            return text  # matches no course: the page says no skill has this name
        self.skill_label = found[0].label
        return found[0].uri
