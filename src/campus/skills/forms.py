"""The skills browser's search form."""

from django import forms
from django.utils.translation import gettext_lazy as _


class SkillSearchForm(forms.Form):
    q = forms.CharField(label=_("Search skills"), required=False, max_length=200, strip=True)
    collection = forms.ChoiceField(label=_("Collection"), required=False)

    def __init__(self, *args, collections: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["collection"].choices = [("", _("All collections")), *collections]

    def values(self) -> tuple[str, str]:
        """The query and collection, or empty strings where the input was not valid."""
        if not self.is_bound:
            return "", ""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return data.get("q", ""), data.get("collection", "")
