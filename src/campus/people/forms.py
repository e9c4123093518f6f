from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from campus.alliance.models import Institution, Organisation, Theme

from .models import SELF_SERVICE_ROLES, CEFRLevel, Person, Proficiency, Role, Visibility


class SignUpForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    display_name = forms.CharField(
        label=_("Your name"), max_length=120, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    roles = forms.MultipleChoiceField(
        label=_("I am a"),
        choices=[(r.value, r.label) for r in SELF_SERVICE_ROLES],
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Choose all that apply. Coordinators and administrators are appointed by the alliance."
        ),
    )
    institution = forms.ModelChoiceField(
        label=_("Home institution"),
        queryset=Institution.objects.all(),
        required=False,
        help_text=_("For students and staff of a partner institution."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.all(),
        required=False,
        help_text=_("For representatives of a regional organisation."),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if Person.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("A person with this e-mail address already exists."))
        return email

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords differ."))
        elif p1:
            try:
                password_validation.validate_password(
                    p1,
                    Person(
                        email=cleaned.get("email", ""), display_name=cleaned.get("display_name", "")
                    ),
                )
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


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
            "institution",
            "organisation",
            "themes",
            "hours_per_week",
            "bio",
            "visibility",
            "gender",
        ]
        widgets = {"visibility": forms.RadioSelect(choices=Visibility.choices)}
        labels = {"gender": _("Gender (optional, private)")}


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


__all__ = ["SignUpForm", "ProfileForm", "LanguageForm", "SkillAddForm", "TokenForm", "Role"]
