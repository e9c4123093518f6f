"""The expert finder's form: words, a skill, a topic, and the filters."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from campus.alliance.models import Institution

from .expert_search import MAX_QUERY_LENGTH
from .models import Topic


class ExpertFinderForm(forms.Form):
    q = forms.CharField(
        label=_("What are you looking for?"),
        max_length=MAX_QUERY_LENGTH,
        required=False,
        help_text=_("In any of the alliance's languages, for example: flood risk in a small town"),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    skill = forms.CharField(
        label=_("A skill (its name in any language, or its ESCO URI)"),
        max_length=300,
        required=False,
    )
    topic = forms.ChoiceField(label=_("Transversal topic"), required=False)
    institution = forms.ChoiceField(label=_("Institution"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    language = forms.ChoiceField(label=_("Speaks"), required=False)
    available = forms.MultipleChoiceField(
        label=_("Available for"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[
            ("challenges", _("challenges")),
            ("supervision", _("supervision")),
            ("consultancy", _("consultancy")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        anything = [("", _("Any"))]
        self.fields["topic"].choices = anything + sorted(
            ((t.slug, t.name) for t in Topic.objects.all()), key=lambda c: c[1].casefold()
        )
        institutions = list(Institution.objects.order_by("short_name", "code"))
        self.fields["institution"].choices = anything + [
            (i.code, i.short_name or str(i)) for i in institutions
        ]
        # A country by its ISO code and its partners' names ("PT: P.Porto").
        partners: dict[str, list[str]] = {}
        for i in institutions:
            partners.setdefault(i.country, []).append(i.short_name)
        self.fields["country"].choices = anything + [
            (code, f"{code}: {', '.join(names)}") for code, names in sorted(partners.items())
        ]
        self.fields["language"].choices = anything + [
            (code, _(name)) for code, name in settings.LANGUAGES
        ]

    def asked(self) -> bool:
        """Whether the reader asked for anything (an empty form shows no refusal)."""
        return self.is_bound and any(self.data.get(name) for name in ("q", "skill", "topic"))
