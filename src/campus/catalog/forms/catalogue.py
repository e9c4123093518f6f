"""The catalogue's search and filter form (GET, every field optional)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.core.validators import RegexValidator
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from campus.alliance.models import Theme

from ..models import CourseType, Mode
from ..selectors.catalogue import institutions_for_filter

SORT_CHOICES = [
    ("relevance", _("Best match")),
    ("title", _("Title")),
    ("ects", _("ECTS credits")),
    ("start", _("Next start")),
]
ESCO_PREFIX = "http://data.europa.eu/esco/"


# The form has 16 fields and ~80 options, and Django renders each widget and each option
# through its own template (with includes): ~5 ms a page. These widgets write the same HTML as
# django/forms/widgets/{input,select,select_option,attrs}.html, in Python.


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html: ` name="value"`, ` name` for True, nothing for False."""
    return "".join(
        f" {name}" if value is True else f' {name}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


class _InputMixin:
    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        value_attr = "" if widget["value"] is None else f' value="{escape(widget["value"])}"'
        return mark_safe(  # noqa: S308 - every value is escaped above
            f'<input type="{escape(widget["type"])}" name="{escape(widget["name"])}"'
            f"{value_attr}{_attrs(widget['attrs'])}>"
        )


class TextInput(_InputMixin, forms.TextInput):
    pass


class NumberInput(_InputMixin, forms.NumberInput):
    pass


class DateInput(_InputMixin, forms.DateInput):
    pass


class CheckboxInput(_InputMixin, forms.CheckboxInput):
    pass


class Select(forms.Select):
    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [f'<select name="{escape(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
            parts.extend(
                f'\n  <option value="{escape(option["value"])}"{_attrs(option["attrs"])}>'
                f"{conditional_escape(option['label'])}</option>"
                for option in options
            )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every value is escaped above


def _date_input():
    return DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=TextInput(attrs={"type": "search"}),
        help_text=_("Words in titles, descriptions, learning outcomes or skills, in any language"),
    )
    type = forms.ChoiceField(label=_("Type"), required=False, widget=Select)
    institution = forms.ChoiceField(label=_("Institution"), required=False, widget=Select)
    country = forms.ChoiceField(label=_("Country"), required=False, widget=Select)
    language = forms.ChoiceField(label=_("Teaching language"), required=False, widget=Select)
    mode = forms.ChoiceField(label=_("Mode"), required=False, widget=Select)
    ects_min = forms.DecimalField(
        label=_("ECTS from"),
        required=False,
        min_value=0,
        max_value=180,
        decimal_places=1,
        widget=NumberInput,
    )
    ects_max = forms.DecimalField(
        label=_("ECTS up to"),
        required=False,
        min_value=0,
        max_value=180,
        decimal_places=1,
        widget=NumberInput,
    )
    eqf = forms.TypedChoiceField(
        label=_("EQF level"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=Select,
        choices=[("", _("Any level")), *((n, str(n)) for n in range(1, 9))],
    )
    theme = forms.ChoiceField(label=_("Theme"), required=False, widget=Select)
    field = forms.CharField(
        label=_("ISCED-F field"),
        required=False,
        max_length=4,
        widget=TextInput,
        validators=[RegexValidator(r"^\d{2,4}$", _("Two to four digits, such as 07 or 0712."))],
        help_text=_("Code or its beginning, such as 07 or 0712"),
    )
    skill = forms.CharField(
        label=_("Skill"),
        required=False,
        max_length=300,
        widget=TextInput,
        help_text=_("A skill's name, or its ESCO URI"),
    )
    starts_after = forms.DateField(
        label=_("Starts on or after"), required=False, widget=_date_input()
    )
    starts_before = forms.DateField(
        label=_("Starts on or before"), required=False, widget=_date_input()
    )
    open_now = forms.BooleanField(
        label=_("Open for enrolment now"), required=False, widget=CheckboxInput
    )
    sort = forms.ChoiceField(
        label=_("Sort by"), required=False, choices=SORT_CHOICES, widget=Select
    )

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
        self.skill_match = None  # what a typed skill name was resolved to (a SkillMatch)

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

    def _skill_uri(self, text: str) -> str | list[str]:
        """A URI as it is; a name in the reader's language (or English, or any) becomes its
        skill's URI, or the URIs of the skills it may mean (the page offers the choice)."""
        if text.startswith(ESCO_PREFIX):
            return text
        from campus.skills.selectors import skill_resolve

        self.skill_match = skill_resolve(text)
        return self.skill_match.uris  # none: no course, and the page says no skill has this name
