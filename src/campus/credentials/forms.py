from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Achievement
from .services import ACHIEVEMENT_FIELDS

PARTICIPATION = [("onsite", _("On site")), ("online", _("Online")), ("blended", _("Blended"))]


class AchievementForm(forms.ModelForm):
    """The elements a coordinator may word for future credentials of an achievement."""

    participation = forms.ChoiceField(label=_("Form of participation"), choices=PARTICIPATION)
    further_information = forms.URLField(
        label=_("Further information"), required=False, assume_scheme="https"
    )

    class Meta:
        model = Achievement
        fields = list(ACHIEVEMENT_FIELDS)
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "criteria": forms.Textarea(attrs={"rows": 3}),
            "quality_assurance": forms.Textarea(attrs={"rows": 3}),
            "prerequisites": forms.Textarea(attrs={"rows": 2}),
        }


class CredentialStatusForm(forms.Form):
    """An issuer's change of a credential's status. Nothing is chosen beforehand, and the
    least harmful choice comes first: revoking is final, so it is never the default."""

    CHOICES = {
        "active": [("suspend", _("Suspend (can be reinstated)")), ("revoke", _("Revoke (final)"))],
        "suspended": [("reinstate", _("Reinstate")), ("revoke", _("Revoke (final)"))],
    }

    action = forms.ChoiceField(
        label=_("Change"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose what to do with the credential: nothing is changed until you do.")
        },
    )
    reason = forms.CharField(
        label=_("Reason (the holder and verifiers read it)"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give the reason: the holder and verifiers read it.")},
    )

    def __init__(self, *args, state: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = self.CHOICES.get(state, [])
