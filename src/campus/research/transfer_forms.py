"""Forms of knowledge transfer: asking, declining, answering and rating."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .forms import TopicChoiceField
from .models import Topic
from .transfer import ANSWER_LONGEST, COMMENT_LONGEST, QUESTION_LONGEST, REASON_LONGEST


class TransferRequestForm(forms.Form):
    title = forms.CharField(label=_("Title of your question"), max_length=200)
    question = forms.CharField(
        label=_("Your question or the expertise you need"),
        max_length=QUESTION_LONGEST,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Say what you want to know, for whom, and what you know already."),
    )
    topics = TopicChoiceField(
        label=_("Transversal topics"),
        queryset=Topic.objects.order_by("slug"),
        required=False,
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
    )
    skills = forms.MultipleChoiceField(
        label=_("ESCO skills you look for (optional)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    organisation = forms.TypedChoiceField(label=_("You ask for"), coerce=int)
    wished_by = forms.DateField(
        label=_("Answer wished by (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, skill_choices=(), organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skills"].choices = list(skill_choices)
        self.fields["organisation"].choices = [(o.pk, o.name) for o in organisations]

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "question": data["question"],
            "topics": [t.slug for t in data["topics"]],
            "skills": list(data["skills"]),
            "organisation": data["organisation"],
            "wished_by": data["wished_by"],
        }


class TransferDeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Why you decline (optional, the person who asked reads it)"),
        max_length=REASON_LONGEST,
        required=False,
    )


class TransferAnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Your answer"), max_length=ANSWER_LONGEST, widget=forms.Textarea(attrs={"rows": 6})
    )
    link = forms.CharField(
        label=_("Link (optional)"),
        max_length=500,
        required=False,
        help_text=_("A report, data set or page that helps, starting with https://"),
    )


class TransferRateForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How helpful was the answer?"),
        coerce=int,
        choices=[
            (5, _("5 — very helpful")),
            (4, _("4 — helpful")),
            (3, _("3 — somewhat helpful")),
            (2, _("2 — of little help")),
            (1, _("1 — no help")),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        max_length=COMMENT_LONGEST,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
