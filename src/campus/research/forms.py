from django import forms
from django.utils.translation import gettext_lazy as _

from .models import OutputType, Topic


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class TopicChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class ExpertProfileForm(forms.Form):
    headline = forms.CharField(
        label=_("Headline"),
        max_length=200,
        required=False,
        help_text=_("One line on what you work on, in any language."),
    )
    skills = forms.MultipleChoiceField(
        label=_("Your ESCO skills to offer as an expert"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The skills on your profile; add skills there to see more here."),
    )
    more_skills = forms.CharField(
        label=_("More ESCO skills (their URIs, one a line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    topics = TopicChoiceField(
        label=_("Transversal topics"),
        queryset=Topic.objects.order_by("slug"),
        required=False,
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
    )
    keywords = forms.CharField(
        label=_("Keywords"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("In your own language, separated by commas or one a line."),
    )
    methods = forms.CharField(
        label=_("Methods (one a line)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    projects = forms.CharField(
        label=_("Projects (one a line)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    languages = forms.CharField(
        label=_("Languages you work in"),
        required=False,
        help_text=_("ISO 639-1 codes separated by commas, like: en, nl, de"),
    )
    available_for_challenges = forms.BooleanField(
        label=_("Available for challenges"), required=False
    )
    available_for_supervision = forms.BooleanField(
        label=_("Available for supervision"), required=False
    )
    available_for_consultancy = forms.BooleanField(
        label=_("Available for consultancy"), required=False
    )
    orcid = forms.CharField(
        label=_("ORCID iD"),
        max_length=40,
        required=False,
        help_text=_("Like 0000-0002-1825-0097; its check digit is verified."),
    )

    def __init__(self, *args, skill_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skills"].choices = list(skill_choices)

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "headline": data["headline"],
            "skills": [*data["skills"], *_lines(data["more_skills"])],
            "topics": [t.slug for t in data["topics"]],
            "keywords": data["keywords"],
            "methods": _lines(data["methods"]),
            "projects": _lines(data["projects"]),
            "languages": [c.strip() for c in data["languages"].split(",") if c.strip()],
            "available_for_challenges": data["available_for_challenges"],
            "available_for_supervision": data["available_for_supervision"],
            "available_for_consultancy": data["available_for_consultancy"],
            "orcid": data["orcid"],
        }


class OutputForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    doi = forms.CharField(
        label=_("DOI"), max_length=220, required=False, help_text=_("Like 10.1234/abc (optional)")
    )
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2100)
    type = forms.ChoiceField(label=_("Type"), choices=OutputType.choices)


class AgendaForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    aims = forms.CharField(label=_("Aims"), widget=forms.Textarea(attrs={"rows": 4}))
    topics = TopicChoiceField(
        label=_("Transversal topics"),
        queryset=Topic.objects.order_by("slug"),
        required=False,
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
    )


class JoinForm(forms.Form):
    message = forms.CharField(
        label=_("What you would bring (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Reason (optional)"), max_length=500, required=False)
