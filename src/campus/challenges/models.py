"""Challenge-based learning: real regional challenges, applications, teams and their work."""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campus.jobs.models import Job
from campus.search.query import normalise


class ChallengeState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for review")
    RETURNED = "returned", _("Returned for changes")
    REJECTED = "rejected", _("Rejected")
    APPROVED = "approved", _("Approved")
    OPEN = "open", _("Open for applications")
    TEAMS_FORMED = "teams_formed", _("Teams formed")
    IN_PROGRESS = "in_progress", _("In progress")
    DELIVERED = "delivered", _("Delivered")
    EVALUATED = "evaluated", _("Evaluated")
    CLOSED = "closed", _("Closed")


class Confidentiality(models.TextChoices):
    PUBLIC = "public", _("Public: results may be shared openly")
    CONFIDENTIAL = "confidential", _("Confidential: team members sign a non-disclosure agreement")


class IpTerms(models.TextChoices):
    OPEN = "open", _("Open: results are published under an open licence")
    SHARED = "shared", _("Shared: the stakeholder and the team may both use the results")
    STAKEHOLDER = "stakeholder", _("The stakeholder owns the results")


def challenge_search_text(title: str, problem: str) -> str:
    """What the board's text search looks in: a leading space, so that " word" is a word's
    beginning, then the folded words of the title and the problem."""
    return " " + normalise(f"{title}\n{problem}")


class Challenge(models.Model):
    """A real problem of a regional stakeholder, for mixed teams to work on for credits."""

    title = models.CharField(_("title"), max_length=200)
    problem = models.TextField(_("the problem, in the stakeholder's words"))
    expected_outcome = models.TextField(_("expected outcome"))
    organisation = models.ForeignKey(
        "alliance.Organisation",
        on_delete=models.PROTECT,
        related_name="challenges",
        verbose_name=_("organisation"),
    )
    region = models.ForeignKey(
        "alliance.Region",
        on_delete=models.PROTECT,
        related_name="challenges",
        verbose_name=_("region"),
    )
    institution = models.ForeignKey(
        "alliance.Institution",
        on_delete=models.PROTECT,
        related_name="challenges",
        verbose_name=_("reviewing institution"),
        help_text=_("The partner institution whose coordinator reviews the challenge."),
    )
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="posted_challenges",
        verbose_name=_("posted by"),
    )
    themes = models.JSONField(_("themes"), default=list, blank=True)
    sdgs = models.JSONField(_("UN Sustainable Development Goals"), default=list, blank=True)
    languages = models.JSONField(_("working languages"), default=list)
    team_min = models.PositiveSmallIntegerField(_("smallest team (students)"), default=3)
    team_max = models.PositiveSmallIntegerField(_("largest team (students)"), default=6)
    teams_wanted = models.PositiveSmallIntegerField(_("number of teams wanted"), default=1)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    # The last day on which people may apply; none means until teams are formed.
    applications_close_on = models.DateField(_("applications close"), null=True, blank=True)
    module = models.ForeignKey(
        "catalog.Run",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="challenges",
        verbose_name=_("challenge-based module (run) that gives credits"),
    )
    confidentiality = models.CharField(
        _("confidentiality"),
        max_length=12,
        choices=Confidentiality.choices,
        default=Confidentiality.PUBLIC,
    )
    ip_terms = models.CharField(
        _("intellectual property"), max_length=12, choices=IpTerms.choices, default=IpTerms.SHARED
    )
    state = models.CharField(
        _("state"), max_length=12, choices=ChallengeState.choices, default=ChallengeState.DRAFT
    )
    review_feedback = models.TextField(_("review feedback"), blank=True)
    # " " + the folded words of the title and the problem (campus.search.query.normalise),
    # written by save(): the board's text search, accents and case aside.
    search_text = models.TextField(editable=False, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(team_max__gte=models.F("team_min")), name="challenge_team_sizes"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="challenge_dates"
            ),
            models.CheckConstraint(
                condition=models.Q(applications_close_on__isnull=True)
                | models.Q(applications_close_on__lte=models.F("starts_on")),
                name="challenge_applications_close_before_start",
            ),
        ]
        indexes = [models.Index(fields=["state", "region"])]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.search_text = challenge_search_text(self.title, self.problem)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"title", "problem"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("challenges:challenge", args=[self.pk])

    @property
    def owning_institution_id(self) -> int:
        return self.institution_id

    def applications_closed_on(self, day: datetime.date) -> bool:
        """Whether the application deadline has passed on ``day``."""
        return self.applications_close_on is not None and day > self.applications_close_on

    @property
    def application_deadline(self) -> datetime.date:
        """The last day to apply: the set deadline, else the start (teams are formed before)."""
        return self.applications_close_on or self.starts_on


class ChallengeSkill(models.Model):
    """A skill the challenge needs, with its weight for team formation."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="skill_needs")
    skill = models.ForeignKey(
        "skills.Skill", on_delete=models.PROTECT, related_name="challenge_needs"
    )
    weight = models.DecimalField(
        _("weight"),
        max_digits=4,
        decimal_places=1,
        default=1,
        validators=[MinValueValidator(0), MaxValueValidator(10)],
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["challenge", "skill"], name="challengeskill_unique")
        ]

    def __str__(self) -> str:
        return f"{self.skill} ×{self.weight}"


class ChallengeEvent(models.Model):
    """The audit trail: every change of state, who made it, and why."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    from_state = models.CharField(max_length=12, choices=ChallengeState.choices, blank=True)
    to_state = models.CharField(max_length=12, choices=ChallengeState.choices)
    note = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.challenge}: {self.from_state} → {self.to_state}"


class ApplicationRole(models.TextChoices):
    STUDENT = "student", _("Student")
    COACH = "coach", _("Lecturer coach")
    RESEARCHER = "researcher", _("Researcher")


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    PLACED = "placed", _("Placed in a team")
    NOT_PLACED = "not_placed", _("Not placed")


class Application(models.Model):
    """A student's ranked wish to work on a challenge, or a lecturer's or researcher's offer to coach."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="applications")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="challenge_applications"
    )
    role = models.CharField(_("role"), max_length=12, choices=ApplicationRole.choices)
    rank = models.PositiveSmallIntegerField(_("preference rank"), null=True, blank=True)
    motivation = models.TextField(_("motivation"), blank=True)
    hours = models.PositiveSmallIntegerField(_("hours available per week"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["challenge", "rank", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["challenge", "person"], name="application_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.challenge} ({self.role})"


class MemberRole(models.TextChoices):
    STUDENT = "student", _("Student")
    COACH = "coach", _("Lecturer coach")
    RESEARCHER = "researcher", _("Researcher")
    STAKEHOLDER = "stakeholder", _("Stakeholder contact")


class Team(models.Model):
    """A team working on a challenge."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="teams")
    slot = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("name"), max_length=120)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["challenge", "slot"]
        constraints = [
            models.UniqueConstraint(fields=["challenge", "slot"], name="team_slot_unique")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("challenges:team", args=[self.pk])


class TeamMember(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="team_memberships"
    )
    role = models.CharField(_("role"), max_length=12, choices=MemberRole.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["team", "person"], name="teammember_once")]

    def __str__(self) -> str:
        return f"{self.person} in {self.team} ({self.role})"


class Milestone(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("title"), max_length=200)
    due_on = models.DateField(_("due"))
    done_on = models.DateField(_("done"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title


class Deliverable(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="deliverables")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="deliverables/%Y/%m/")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.title


class Evaluation(models.Model):
    """The stakeholder's evaluation of a team's work."""

    team = models.OneToOneField(Team, on_delete=models.CASCADE, related_name="evaluation")
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    feedback = models.TextField(_("feedback"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.team}: {self.rating}/5"


class FormationRun(Job):
    """One run of the team-formation engine over the applications to some open challenges
    (students rank several), and the proposal it made; a job (campus.jobs) while it solves."""

    task_path = "campus.challenges.tasks.form_teams"

    challenges = models.ManyToManyField(Challenge, related_name="formation_runs")
    institution = models.ForeignKey(
        "alliance.Institution", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    instance = models.JSONField(default=dict)
    time_limit = models.FloatField(default=30)  # seconds the engine may take
    proposal = models.JSONField(default=dict, blank=True)
    # When the coordinator confirmed the proposal and the teams were formed from it.
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Team formation {self.pk} ({self.state})"

    @property
    def state(self) -> str:
        """What the API and the pages call it: the job's status, or "confirmed"."""
        return "confirmed" if self.confirmed_at else self.status

    def get_state_display(self) -> str:
        return str(_("Confirmed")) if self.confirmed_at else self.get_status_display()
