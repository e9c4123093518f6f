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
