"""The authoring forms, and the plain-text format questions are written in (no JSON):

- single and multiple choice: one option per line, a leading ``*`` marks the right ones;
- number: the answer, a tolerance and a unit in their own fields;
- short text: one pattern per line (``*`` any run of characters, ``?`` one), with
  case-sensitivity and accents as checkboxes;
- matching: ``left = right`` lines, and distractor lines (right-hand texts matching nothing).

The form only translates lines into the engine's spec; the engine (through the authoring
service) checks it. Editing keeps the key of an option whose text is unchanged, so answers
saved with that key still mean the same option.
"""

from __future__ import annotations

import string
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MediaKind, Question

KIND_CHOICES = Question._meta.get_field("kind").choices


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _number(text: str) -> Any:
    """A number typed with a decimal point or comma; the text itself when it is none (the
    engine then says what is wrong with it on the field)."""
    cleaned = (text or "").strip().replace(",", ".")
    try:
        return float(cleaned)
    except ValueError:
        return text


def options_from_lines(text: str, kind: str, old: list[dict] | None = None) -> dict[str, Any]:
    """``options`` and ``correct`` from option lines; the keys of unchanged texts are kept."""
    kept = {o["text"]: o["key"] for o in (old or [])}
    used = set(kept.values())
    fresh = (
        k for k in list(string.ascii_lowercase) + [f"o{n}" for n in range(1, 100)] if k not in used
    )
    options, correct = [], []
    for line in _lines(text):
        right = line.startswith("*")
        label = line[1:].strip() if right else line
        key = kept.pop(label, None) or next(fresh)
        options.append({"key": key, "text": label})
        if right:
            correct.append(key)
    if kind == "single":
        return {"options": options, "correct": correct[0] if len(correct) == 1 else correct or None}
    return {"options": options, "correct": correct}


def options_to_lines(spec: dict) -> str:
    correct = spec.get("correct")
    right = set(correct) if isinstance(correct, list) else {correct}
    return "\n".join(
        ("* " if o["key"] in right else "") + o["text"] for o in spec.get("options", [])
    )


def pairs_from_lines(text: str) -> list[Any]:
    pairs: list[Any] = []
    for line in _lines(text):
        left, sep, right = line.partition("=")
        # A line without "=" is passed on as it is: the engine refuses it on the field.
        pairs.append({"left": left.strip(), "right": right.strip()} if sep else line)
    return pairs


class SectionForm(forms.Form):
    title = forms.CharField(label=_("Title of the section"), max_length=200)


class UnitForm(forms.Form):
    title = forms.CharField(label=_("Title of the unit"), max_length=200)
    minutes = forms.IntegerField(
        label=_("Minutes of study"), min_value=1, max_value=600, initial=30
    )
    body = forms.CharField(
        label=_("Lesson (Markdown)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_(
            "# for a heading, *italics*, **bold**, - for a list, ![description](address) for an image."
        ),
    )


class MediaForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=MediaKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    url = forms.CharField(label=_("Address (https)"), max_length=500)
    alt = forms.CharField(label=_("Alternative text (images)"), max_length=500, required=False)
    transcript = forms.CharField(
        label=_("Transcript (video and audio)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    captions_url = forms.CharField(
        label=_("Captions (WebVTT address)"), max_length=500, required=False
    )


class BankForm(forms.Form):
    title = forms.CharField(label=_("Title of the question bank"), max_length=200)


class QuestionForm(forms.Form):
    """One question of the given kind; only that kind's fields are shown and read."""

    KIND_FIELDS = {
        "single": ("options",),
        "multiple": ("options",),
        "numeric": ("answer", "tolerance", "unit"),
        "text": ("patterns", "case_sensitive", "ignore_accents"),
        "matching": ("pairs", "distractors"),
    }
    COMMON = ("text", "points")
    FEEDBACK = ("feedback_correct", "feedback_incorrect", "feedback_partial")

    text = forms.CharField(
        label=_("Question"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    points = forms.DecimalField(
        label=_("Points"), min_value=0.01, max_value=100, decimal_places=2, initial=1
    )
    options = forms.CharField(
        label=_("Options, one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Start the line of each right option with *, for example: * Wind"),
    )
    answer = forms.CharField(label=_("Answer (a number)"), required=False, max_length=40)
    tolerance = forms.CharField(
        label=_("Tolerance (±)"), required=False, max_length=40, initial="0"
    )
    unit = forms.CharField(label=_("Unit"), required=False, max_length=50)
    patterns = forms.CharField(
        label=_("Accepted answers, one pattern per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("* stands for any characters, ? for one character."),
    )
    case_sensitive = forms.BooleanField(label=_("Capitals must match"), required=False)
    ignore_accents = forms.BooleanField(label=_("Accents may differ"), required=False, initial=True)
    pairs = forms.CharField(
        label=_("Pairs, one per line as “left = right”"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    distractors = forms.CharField(
        label=_("Distractors: right-hand texts that match nothing, one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    feedback_correct = forms.CharField(
        label=_("Feedback when right"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    feedback_incorrect = forms.CharField(
        label=_("Feedback when wrong"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    feedback_partial = forms.CharField(
        label=_("Feedback when partly right"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, kind: str, question: Question | None = None, **kwargs):
        if question is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_of(question)
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.question = question
        shown = set(self.COMMON + self.KIND_FIELDS[kind] + self.FEEDBACK)
        if kind in ("numeric", "text", "single"):
            shown.discard("feedback_partial")
        for name in list(self.fields):
            if name not in shown:
                del self.fields[name]

    @staticmethod
    def initial_of(question: Question) -> dict[str, Any]:
        spec = question.spec
        feedback = spec.get("feedback", {})
        initial: dict[str, Any] = {
            "text": question.text,
            "points": question.points,
            "feedback_correct": feedback.get("correct", ""),
            "feedback_incorrect": feedback.get("incorrect", ""),
            "feedback_partial": feedback.get("partial", ""),
        }
        if question.kind in ("single", "multiple"):
            initial["options"] = options_to_lines(spec)
        elif question.kind == "numeric":
            initial.update(
                answer=f"{spec.get('answer', '')}".removesuffix(".0"),
                tolerance=f"{spec.get('tolerance', 0)}".removesuffix(".0"),
                unit=spec.get("unit", ""),
            )
        elif question.kind == "text":
            initial.update(
                patterns="\n".join(spec.get("patterns", [])),
                case_sensitive=spec.get("case_sensitive", False),
                ignore_accents=spec.get("ignore_accents", True),
            )
        else:
            initial.update(
                pairs="\n".join(f"{p['left']} = {p['right']}" for p in spec.get("pairs", [])),
                distractors="\n".join(spec.get("distractors", [])),
            )
        return initial

    def spec(self) -> dict[str, Any]:
        """The engine's spec from the cleaned lines (checked by the service, not here)."""
        data = self.cleaned_data
        feedback = {
            key: data.get(f"feedback_{key}", "")
            for key in ("correct", "incorrect", "partial")
            if data.get(f"feedback_{key}")
        }
        if self.kind in ("single", "multiple"):
            old = self.question.spec.get("options") if self.question else None
            spec = options_from_lines(data["options"], self.kind, old)
        elif self.kind == "numeric":
            spec = {
                "answer": _number(data["answer"]),
                "tolerance": _number(data["tolerance"] or "0"),
                "unit": data["unit"],
            }
        elif self.kind == "text":
            spec = {
                "patterns": _lines(data["patterns"]),
                "case_sensitive": data["case_sensitive"],
                "ignore_accents": data["ignore_accents"],
            }
        else:
            spec = {
                "pairs": pairs_from_lines(data["pairs"]),
                "distractors": _lines(data["distractors"]),
            }
        shuffled = self.kind in ("single", "multiple", "matching")
        if shuffled and self.question is not None and "shuffle" in self.question.spec:
            # Not on the form (the engine's default); an edit keeps what the question had.
            spec["shuffle"] = self.question.spec["shuffle"]
        if feedback:
            spec["feedback"] = feedback
        return spec


class QuizForm(forms.Form):
    title = forms.CharField(label=_("Title of the quiz"), max_length=200)
    bank = forms.ModelChoiceField(label=_("Question bank"), queryset=None, empty_label=None)
    pick = forms.IntegerField(
        label=_("Questions per attempt"),
        required=False,
        min_value=1,
        help_text=_("Drawn at random from the bank; empty: every question of the bank."),
    )
    shuffle = forms.BooleanField(label=_("Questions in random order"), required=False, initial=True)
    time_limit_minutes = forms.IntegerField(
        label=_("Time limit (minutes)"),
        required=False,
        min_value=1,
        max_value=600,
        help_text=_("Empty: no limit."),
    )
    attempts_allowed = forms.IntegerField(
        label=_("Attempts allowed"), min_value=1, max_value=20, initial=2
    )
    pass_percent = forms.IntegerField(
        label=_("Pass mark (%)"), min_value=0, max_value=100, initial=60
    )

    def __init__(self, *args, banks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bank"].queryset = banks


class CompletionRuleForm(forms.Form):
    all_units_viewed = forms.BooleanField(
        label=_("Every unit viewed"), required=False, initial=True
    )
    quizzes_min_percent = forms.IntegerField(
        label=_("Every quiz at least (%)"), min_value=0, max_value=100, initial=60
    )


class CopyForm(forms.Form):
    target = forms.ModelChoiceField(label=_("Copy to the run"), queryset=None)

    def __init__(self, *args, runs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = runs


class ExtraTimeForm(forms.Form):
    extra_time_percent = forms.IntegerField(
        label=_("Extra time (%)"),
        min_value=0,
        max_value=200,
        help_text=_("0 takes the extra time away."),
    )
