"""The forms of the mobility pages; they only read input, the services check the rules."""

from functools import partial

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from campus.alliance.models import Institution
from campus.people.models import CEFRLevel

from . import travel
from .models import TRAVEL_MODE_LABELS, ComponentTable, OpportunityKind, SignatureRole


class OpportunityFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Every kind")), *OpportunityKind.choices]
    )
    host = forms.ModelChoiceField(
        label=_("Host institution"),
        required=False,
        queryset=Institution.objects.order_by("short_name"),
        empty_label=_("Every partner"),
    )
    language = forms.CharField(
        label=_("Language (ISO 639-1)"),
        required=False,
        max_length=3,
        widget=forms.TextInput(attrs={"size": 4}),
    )
    eqf_level = forms.TypedChoiceField(
        label=_("Study level (EQF)"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Any level")), *[(n, str(n)) for n in range(5, 9)]],
    )


class ApplyForm(forms.Form):
    motivation = forms.CharField(
        label=_("Motivation"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Why this mobility, and what you want to learn there."),
    )
    language = forms.CharField(
        label=_("Language of your evidence (ISO 639-1)"), max_length=3, initial="en"
    )
    language_level = forms.ChoiceField(
        label=_("Your level in that language (CEFR)"), choices=CEFRLevel.choices
    )


class DecisionForm(forms.Form):
    """Yes or no, with a reason (required for no: the service says so)."""

    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=1000)

    def __init__(self, *args, yes, no, reason_help, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = [("yes", yes), ("no", no)]
        self.fields["reason"].help_text = reason_help


NominateForm = partial(
    DecisionForm,
    yes=_("Nominate"),
    no=_("Do not nominate"),
    reason_help=_("Required when you do not nominate."),
)
DecideForm = partial(
    DecisionForm, yes=_("Accept"), no=_("Decline"), reason_help=_("Required when you decline.")
)


class SignForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    role = forms.ChoiceField(label=_("Sign as"), choices=SignatureRole.choices)
    position = forms.CharField(
        label=_("Your position"),
        required=False,
        max_length=120,
        help_text=_("As it should stand beside your signature."),
    )


class ProposeForm(forms.Form):
    based_on = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    comment = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required for a changes proposal."),
    )


class ComponentForm(forms.Form):
    table = forms.ChoiceField(label=_("Table"), choices=ComponentTable.choices)
    code = forms.CharField(label=_("Code"), required=False, max_length=40)
    title = forms.CharField(label=_("Title"), required=False, max_length=200)
    term = forms.CharField(label=_("Term"), required=False, max_length=60)
    ects = forms.DecimalField(
        label=_("ECTS"), required=False, min_value=0, max_value=60, decimal_places=1
    )
    course = forms.CharField(
        label=_("Catalogue course code"),
        required=False,
        max_length=40,
        help_text=_("Links the component to the catalogue, for the host's result."),
    )


ComponentFormSet = forms.formset_factory(ComponentForm, extra=2, max_num=40, absolute_max=40)


def _travel_choices() -> list[tuple[str, object]]:
    green = {mode.key for mode in travel.MODES if mode.green}
    return [
        ("", _("Not decided yet (the usual way is assumed)")),
        *(
            (
                key,
                format_lazy("{} ({})", TRAVEL_MODE_LABELS[key], _("green travel"))
                if key in green
                else TRAVEL_MODE_LABELS[key],
            )
            for key in travel.MODE_KEYS
        ),
    ]


class TravelForm(forms.Form):
    mode = forms.ChoiceField(
        label=_("How will you travel?"),
        required=False,
        choices=_travel_choices,
        widget=forms.RadioSelect,
        help_text=_(
            "For the main part of the trip there and back. Erasmus+ counts the train, bus "
            "and a shared car as green travel."
        ),
    )
