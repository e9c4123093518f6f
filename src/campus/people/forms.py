from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from campus.alliance.models import Institution, Organisation, Theme
from campus.service_errors import apply_service_errors

from .models import SELF_SERVICE_ROLES, CEFRLevel, Person, Proficiency, Role, Visibility


class AffiliationAskedForm(forms.Form):
    """Where an affiliation is asked for, checked as the services check it: the fields that
    sign-up and a later request share."""

    institution = forms.ModelChoiceField(
        label=_("Institution"),
        queryset=Institution.objects.order_by("short_name"),
        required=False,
        help_text=_("For students, staff and coordinators of a partner institution."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        help_text=_("For representatives of a regional organisation."),
    )
    note = forms.CharField(
        label=_("Note for whoever decides (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        from .services import affiliation_place

        cleaned = super().clean()
        if cleaned.get("role"):
            try:
                affiliation_place(
                    cleaned["role"], cleaned.get("institution"), cleaned.get("organisation")
                )
            except ValidationError as error:
                apply_service_errors(self, error)
        return cleaned


class SignUpAffiliationForm(AffiliationAskedForm):
    """What allauth's sign-up form asks besides e-mail and password (ACCOUNT_SIGNUP_FORM_CLASS).

    The role asked for is a request: the account is a learner's until someone who may
    grants it.
    """

    field_order = ["display_name", "role", "institution", "organisation", "note"]
    display_name = forms.CharField(
        label=_("Your name"), max_length=120, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    role = forms.ChoiceField(
        label=_("I am a"),
        choices=[(r.value, r.label) for r in SELF_SERVICE_ROLES],
        initial=Role.LIFELONG_LEARNER,
        help_text=_(
            "Anyone may learn at once. Students and staff are confirmed by their institution's "
            "coordinators, stakeholder representatives by their organisation."
        ),
    )
    institution = forms.ModelChoiceField(
        label=_("Home institution"),
        queryset=Institution.objects.order_by("short_name"),
        required=False,
        help_text=_("For students and staff of a partner institution."),
    )
    note = forms.CharField(
        label=_("Note for whoever confirms you (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def signup(self, request, user) -> None:
        """Nothing more: the adapter's ``person_create`` made the request already."""


class ProfileForm(forms.ModelForm):
    themes = forms.MultipleChoiceField(
        label=_("Themes of interest"),
        choices=Theme.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Person
        fields = [
            "display_name",
            "language",
            "themes",
            "hours_per_week",
            "bio",
            "visibility",
            "gender",
        ]
        widgets = {"visibility": forms.RadioSelect(choices=Visibility.choices)}
        labels = {"gender": _("Gender (optional, private)")}

    def clean(self):
        cleaned = super().clean()
        posted = sorted(set(self.data) & {"institution", "organisation", "roles"})
        if posted:
            # Affiliations are granted, never typed in: say so rather than ignore the field.
            raise forms.ValidationError(
                _(
                    "Your institution, organisation and roles are not changed here: request "
                    "an affiliation on your profile; you keep what you have until it is granted."
                )
            )
        return cleaned


REQUESTABLE_ROLES = [*SELF_SERVICE_ROLES, Role.COORDINATOR]


class AffiliationRequestForm(AffiliationAskedForm):
    field_order = ["role", "institution", "organisation", "note"]
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[(r.value, r.label) for r in REQUESTABLE_ROLES],
        help_text=_(
            "Your institution's coordinators decide on students and staff; an organisation's "
            "representatives or a coordinator on stakeholders; the alliance on coordinators."
        ),
    )


class AffiliationDecisionForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"))
    level = forms.ChoiceField(label=_("Level"), choices=CEFRLevel.choices)

    def __init__(self, *args, **kwargs):
        from .languages import language_choices

        super().__init__(*args, **kwargs)
        self.fields["language"].choices = language_choices()


class SkillAddForm(forms.Form):
    skill = forms.CharField(label=_("Skill"), max_length=200, widget=forms.HiddenInput)
    proficiency = forms.TypedChoiceField(
        label=_("Proficiency"),
        choices=Proficiency.choices,
        coerce=int,
        initial=Proficiency.INTERMEDIATE,
    )


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("What the token is for, such as 'my grading script'."),
    )


__all__ = [
    "SignUpAffiliationForm",
    "AffiliationRequestForm",
    "AffiliationDecisionForm",
    "ProfileForm",
    "LanguageForm",
    "SkillAddForm",
    "TokenForm",
    "Role",
]
