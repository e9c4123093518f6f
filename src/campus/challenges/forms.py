"""Forms of the challenge pages: the board's filters, posting, review, applying, team work."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from campus.alliance.models import Organisation, Region, Theme
from campus.catalog.models import CourseType, Run
from campus.people.languages import LANGUAGES, language_choices
from campus.people.models import Role
from campus.skills import selectors as skill_selectors
from campus.skills.models import Skill

from .models import ApplicationRole, Challenge, ChallengeState, Confidentiality, IpTerms

SDG_CHOICES = [
    (1, _("1 No poverty")),
    (2, _("2 Zero hunger")),
    (3, _("3 Good health and well-being")),
    (4, _("4 Quality education")),
    (5, _("5 Gender equality")),
    (6, _("6 Clean water and sanitation")),
    (7, _("7 Affordable and clean energy")),
    (8, _("8 Decent work and economic growth")),
    (9, _("9 Industry, innovation and infrastructure")),
    (10, _("10 Reduced inequalities")),
    (11, _("11 Sustainable cities and communities")),
    (12, _("12 Responsible consumption and production")),
    (13, _("13 Climate action")),
    (14, _("14 Life below water")),
    (15, _("15 Life on land")),
    (16, _("16 Peace, justice and strong institutions")),
    (17, _("17 Partnerships for the goals")),
]
SDG_LABELS = dict(SDG_CHOICES)
SKILL_URI_PREFIX = "http://data.europa.eu/esco/skill/"
_WEIGHT = re.compile(r"^(?P<name>.*?)\s*;\s*(?P<weight>[0-9]+(?:[.,][0-9]+)?)\s*$")
STAFF_ROLES = {Role.STAFF, Role.COORDINATOR, Role.ADMIN}


class ChallengeFilterForm(forms.Form):
    """The GET form above the challenge board; every field is optional."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_("Words in the title or the problem"),
    )
    region = forms.ChoiceField(label=_("Region"), required=False)
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    skill = forms.CharField(
        label=_("Skill"),
        required=False,
        max_length=200,
        help_text=_("A skill's name or ESCO URI"),
    )
    language = forms.ChoiceField(label=_("Working language"), required=False)
    state = forms.ChoiceField(label=_("State"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        regions = Region.objects.filter(challenges__isnull=False).distinct().order_by("name")
        self.fields["region"].choices = [
            ("", _("Any region")),
            *((r.code, f"{r.name} ({r.code})") for r in regions),
        ]
        self.fields["theme"].choices = [("", _("Any theme")), *Theme.choices]
        self.fields["language"].choices = [("", _("Any language")), *language_choices()]
        self.fields["state"].choices = [("", _("Any state")), *ChallengeState.choices]

    def filters(self) -> dict[str, str]:
        """The valid filters, for ``challenges_board``; invalid ones are left out."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {
            key: value
            for key, value in self.cleaned_data.items()
            if value and key not in self.errors
        }


def parse_skills(text: str) -> tuple[dict[str, Decimal], list[str]]:
    """Skills from lines of 'name or URI[; weight]': a URI → weight map and the errors found."""
    skills: dict[str, Decimal] = {}
    errors: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        name, weight = line, Decimal(1)
        match = _WEIGHT.match(line)
        if match:
            name = match["name"].strip()
            try:
                weight = Decimal(match["weight"].replace(",", "."))
            except InvalidOperation:  # pragma: no cover - the pattern allows numbers only
                weight = Decimal(-1)
        if not Decimal(0) < weight <= Decimal(10):
            errors.append(
                str(_("“%(line)s”: the weight must be between 0 and 10.") % {"line": line})
            )
            continue
        skill = skill_resolve(name)
        if isinstance(skill, Skill):
            skills[skill.uri] = weight
        else:
            errors.append(skill)
    return skills, errors


def skill_resolve(name: str) -> Skill | str:
    """The skill with that URI or that exact preferred or alternative label (the reader's
    language first, then English, then any); else a message why not."""
    match = skill_selectors.skill_resolve(name, limit=3)
    if match.skill and match.exact:
        return match.skill
    if name.startswith(("http://", "https://")):
        return str(_("“%(name)s” is not a skill the campus knows.") % {"name": name})
    candidates = match.choices or ([match.skill] if match.skill else [])
    options = "; ".join(f"“{s.display_label}”" for s in candidates[:3])
    if match.exact:
        return str(
            _("“%(name)s” names several skills: %(options)s. Write the one you mean, or its URI.")
            % {"name": name, "options": options}
        )
    if candidates:
        return str(
            _("Unknown skill “%(name)s”. Did you mean: %(options)s?")
            % {"name": name, "options": options}
        )
    return str(_("Unknown skill “%(name)s”: no ESCO skill has that name.") % {"name": name})


def skills_text(challenge: Challenge) -> str:
    """The challenge's skills as the form's lines, for editing: each by its name in the reader's
    language where that name finds it again (else by its English name)."""
    lines = []
    needs = challenge.skill_needs.select_related("skill").order_by("-weight", "skill__label")
    for need in needs.prefetch_related(*skill_selectors.preferred_labels_prefetch("skill")):
        name = need.skill.display_label
        if name != need.skill.label and skill_resolve(name) != need.skill:
            name = need.skill.label
        weight = need.weight.normalize()
        lines.append(name if weight == 1 else f"{name}; {weight:f}")
    return "\n".join(lines)


class ChallengeForm(forms.Form):
    """Posting (or editing) a challenge; staff choose the organisation they post for."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.select_related("region").order_by("name"),
        help_text=_("The stakeholder whose challenge this is."),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    problem = forms.CharField(
        label=_("The problem, in your words"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What is going wrong or could be better, for whom, and why it matters."),
    )
    expected_outcome = forms.CharField(
        label=_("Expected outcome"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the team should hand over at the end: a plan, a prototype, advice…"),
    )
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.order_by("country", "name"),
        help_text=_("Where the challenge is."),
    )
    themes = forms.MultipleChoiceField(
        label=_("Themes"),
        choices=Theme.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sdgs = forms.TypedMultipleChoiceField(
        label=_("UN Sustainable Development Goals"),
        choices=SDG_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    skills = forms.CharField(
        label=_("Skills needed"),
        widget=forms.Textarea(attrs={"rows": 5, "spellcheck": "false"}),
        help_text=_(
            "One skill per line: its ESCO name (in any of the alliance's languages) or URI, "
            "optionally followed by “;” and a weight from 1 to 10, e.g. “spatial planning; 3”. "
            "Use the skill finder below to look names up."
        ),
    )
    languages = forms.MultipleChoiceField(
        label=_("Working languages"),
        choices=language_choices,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Every team member speaks at least one of them."),
    )
    team_min = forms.IntegerField(label=_("Smallest team (students)"), min_value=1, initial=3)
    team_max = forms.IntegerField(label=_("Largest team (students)"), min_value=1, initial=6)
    teams_wanted = forms.IntegerField(
        label=_("Number of teams wanted"), min_value=1, max_value=20, initial=1
    )
    starts_on = forms.DateField(label=_("Starts"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Ends"), widget=forms.DateInput(attrs={"type": "date"}))
    applications_close_on = forms.DateField(
        label=_("Applications close"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_(
            "The last day people may apply, on or before the start; "
            "leave it empty to take applications until teams are formed."
        ),
    )
    module = forms.ModelChoiceField(
        label=_("Challenge-based module that gives credits"),
        queryset=Run.objects.none(),
        required=False,
        help_text=_("A run of a challenge-based module; the coordinator can add it later."),
    )
    confidentiality = forms.ChoiceField(
        label=_("Confidentiality"),
        choices=Confidentiality.choices,
        initial=Confidentiality.PUBLIC,
        widget=forms.RadioSelect,
    )
    ip_terms = forms.ChoiceField(
        label=_("Intellectual property"),
        choices=IpTerms.choices,
        initial=IpTerms.SHARED,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, user, challenge: Challenge | None = None, **kwargs):
        if challenge is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "organisation": challenge.organisation_id,
                "title": challenge.title,
                "problem": challenge.problem,
                "expected_outcome": challenge.expected_outcome,
                "region": challenge.region_id,
                "themes": challenge.themes,
                "sdgs": challenge.sdgs,
                "skills": skills_text(challenge),
                "languages": challenge.languages,
                "team_min": challenge.team_min,
                "team_max": challenge.team_max,
                "teams_wanted": challenge.teams_wanted,
                "starts_on": challenge.starts_on,
                "ends_on": challenge.ends_on,
                "applications_close_on": challenge.applications_close_on,
                "module": challenge.module_id,
                "confidentiality": challenge.confidentiality,
                "ip_terms": challenge.ip_terms,
            }
        super().__init__(*args, **kwargs)
        self.user = user
        self.challenge = challenge
        self.skill_uris: dict[str, Decimal] = {}
        own = getattr(user, "organisation", None)
        self.for_own_organisation = (
            own is not None
            and user.has_role(Role.STAKEHOLDER)
            and not (user.role_codes & STAFF_ROLES)
        )
        if self.for_own_organisation or challenge is not None:
            del self.fields["organisation"]
        if own is not None and not self.is_bound and challenge is None:
            self.initial.setdefault("region", own.region_id)
        self.fields["module"].queryset = (
            Run.objects.filter(course__type=CourseType.CHALLENGE, closed_at__isnull=True)
            .select_related("course")
            .order_by("course__code", "starts_on")
        )
        self.fields["module"].label_from_instance = lambda run: (
            f"{run.course.code} {run.course.title} — {run.label} ({run.course.ects} ECTS)"
        )

    def clean_skills(self):
        text = self.cleaned_data["skills"]
        skills, errors = parse_skills(text)
        if errors:
            raise forms.ValidationError(errors)
        if not skills:
            raise forms.ValidationError(_("Name at least one skill the teams need."))
        self.skill_uris = skills
        return text

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("team_min"), cleaned.get("team_max")
        if low and high and high < low:
            self.add_error("team_max", _("The largest team cannot be smaller than the smallest."))
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The challenge cannot end before it starts."))
        return cleaned

    def organisation_chosen(self) -> Organisation | None:
        if "organisation" in self.fields:
            return self.cleaned_data["organisation"]
        if self.challenge is not None:
            return self.challenge.organisation
        return self.user.organisation

    def service_arguments(self) -> dict:
        """Keyword arguments for ``challenge_create`` / ``challenge_update``."""
        data = self.cleaned_data
        arguments = {
            name: data[name]
            for name in (
                "title",
                "problem",
                "expected_outcome",
                "region",
                "languages",
                "team_min",
                "team_max",
                "teams_wanted",
                "starts_on",
                "ends_on",
                "applications_close_on",
                "themes",
                "sdgs",
                "module",
                "confidentiality",
                "ip_terms",
            )
        }
        arguments["skills"] = {uri: float(weight) for uri, weight in self.skill_uris.items()}
        if self.challenge is None:
            arguments["organisation"] = self.organisation_chosen()
        return arguments


class DecisionForm(forms.Form):
    """A coordinator's review, or another change of state, with the words that go with it."""

    ACTIONS = (
        "submit",
        "approve",
        "return",
        "reject",
        "open",
        "start",
        "deliver",
        "award",
        "close",
    )
    action = forms.ChoiceField(choices=[(a, a) for a in ACTIONS])
    feedback = forms.CharField(
        label=_("Feedback or reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you return or reject the challenge; the stakeholder reads it."),
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("action") in ("return", "reject")
            and not cleaned.get("feedback", "").strip()
        ):
            self.add_error("feedback", _("Say why, so the stakeholder knows what to change."))
        return cleaned


class ApplicationForm(forms.Form):
    """A student's ranked wish with a motivation, or a lecturer's or researcher's offer to coach."""

    rank = forms.TypedChoiceField(
        label=_("Your preference"),
        coerce=int,
        choices=[],
        help_text=_("1 is the challenge you want most; rank all the challenges you apply to."),
    )
    motivation = forms.CharField(
        label=_("Motivation"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Why this challenge, and what you bring to it."),
    )
    hours = forms.IntegerField(
        label=_("Hours available per week"),
        min_value=1,
        max_value=40,
        help_text=_("How much time you can give the team as its coach."),
    )

    def __init__(self, *args, role: str, taken_ranks: set[int] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.role = role
        taken = {r for r in (taken_ranks or ()) if r}
        if role == ApplicationRole.STUDENT:
            del self.fields["hours"]
            free = [n for n in range(1, len(taken) + 2) if n not in taken]
            self.fields["rank"].choices = [(n, str(n)) for n in free]
            self.fields["rank"].initial = free[0]
            self.fields["motivation"].required = True
        else:
            del self.fields["rank"]
            self.fields["motivation"].label = _("What you offer")
            self.fields["motivation"].help_text = _("Your expertise for this challenge.")


class MoveForm(forms.Form):
    """Move one person of the proposal to another team, or out of all teams."""

    person = forms.CharField(widget=forms.HiddenInput)
    to = forms.CharField(label=_("Move to"))

    def target(self) -> dict | None:
        """The service's ``to``: {"challenge": id, "slot": n}, or None for unassigned."""
        value = self.cleaned_data["to"]
        if value == "none":
            return None
        try:
            challenge, slot = value.split(":")
            return {"challenge": int(challenge), "slot": int(slot)}
        except ValueError:
            raise forms.ValidationError(_("Choose a team from the list.")) from None


class FormationForm(forms.Form):
    """Which open challenges the engine forms teams for."""

    challenges = forms.ModelMultipleChoiceField(
        label=_("Open challenges"),
        queryset=Challenge.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Students who ranked several of them are placed in one team only."),
    )
    time_limit = forms.IntegerField(
        label=_("Time limit (seconds)"), min_value=1, max_value=600, initial=30
    )

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["challenges"].queryset = queryset
        self.fields["challenges"].label_from_instance = lambda c: (
            ngettext(
                "%(title)s — %(org)s (%(n)s application)",
                "%(title)s — %(org)s (%(n)s applications)",
                getattr(c, "n_applications", 0),
            )
            % {"title": c.title, "org": c.organisation.name, "n": getattr(c, "n_applications", 0)}
        )


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=200)
    due_on = forms.DateField(label=_("Due"), widget=forms.DateInput(attrs={"type": "date"}))


class DeliverableForm(forms.Form):
    title = forms.CharField(label=_("Title of the deliverable"), max_length=200)
    file = forms.FileField(label=_("File"))


class EvaluationForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Rating"),
        coerce=int,
        choices=[
            (5, _("5 — excellent")),
            (4, _("4 — good")),
            (3, _("3 — sufficient")),
            (2, _("2 — weak")),
            (1, _("1 — poor")),
        ],
    )
    feedback = forms.CharField(
        label=_("Feedback to the team"), widget=forms.Textarea(attrs={"rows": 4})
    )


def language_label(code: str) -> str:
    return str(LANGUAGES.get(code, code))


__all__ = [
    "ApplicationForm",
    "ChallengeFilterForm",
    "ChallengeForm",
    "DecisionForm",
    "DeliverableForm",
    "EvaluationForm",
    "FormationForm",
    "MilestoneForm",
    "MoveForm",
]
