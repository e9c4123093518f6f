"""The joint catalogue: programmes, courses and their runs, enrolments and results."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ProgrammeKind(models.TextChoices):
    JOINT_MINOR = "minor", _("Joint minor")
    JOINT_MASTER = "master", _("Joint master")
    CERTIFICATE = "certificate", _("Professional certificate")


class CourseType(models.TextChoices):
    CHALLENGE = "challenge", _("Challenge-based module")
    COURSE = "course", _("Course")
    FLEXIBLE = "flexible", _("Flexible professional course")
    ONLINE = "online", _("Online course")
    MOOC = "mooc", _("MOOC for credits")


class Mode(models.TextChoices):
    ONSITE = "onsite", _("On site")
    ONLINE = "online", _("Online")
    BLENDED = "blended", _("Blended")


class Audience(models.TextChoices):
    STUDENTS = "students", _("Degree students")
    PROFESSIONALS = "professionals", _("Professionals")
    STAFF = "staff", _("Staff")


class Assessment(models.TextChoices):
    EXAM = "exam", _("Written exam")
    PROJECT = "project", _("Project")
    PORTFOLIO = "portfolio", _("Portfolio")
    PRESENTATION = "presentation", _("Presentation")
    ASSIGNMENTS = "assignments", _("Assignments")
    MIXED = "mixed", _("Mixed assessment")


class EnrolmentStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    ENROLLED = "enrolled", _("Enrolled")
    WAITLISTED = "waitlisted", _("On the waiting list")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    COMPLETED = "completed", _("Completed")
    FAILED = "failed", _("Failed")


ACTIVE_STATUSES = (EnrolmentStatus.APPLIED, EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITLISTED)
# Those who hold one of a run's places (the waiting list does not).
SEATED_STATUSES = (EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED, EnrolmentStatus.FAILED)


class EctsGrade(models.TextChoices):
    A = "A", "A"
    B = "B", "B"
    C = "C", "C"
    D = "D", "D"
    E = "E", "E"
    FX = "FX", "FX"
    F = "F", "F"


PASSING_GRADES = ("A", "B", "C", "D", "E")


def _ects_field(verbose_name):
    return models.DecimalField(
        verbose_name,
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("180"))],
    )


class Course(models.Model):
    """A module or unit that learners earn ECTS for, offered by one or more partners."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    type = models.CharField(_("type"), max_length=12, choices=CourseType.choices)
    title = models.CharField(_("title (English)"), max_length=200)
    description = models.TextField(_("description (English)"))
    local_language = models.CharField(_("host's language"), max_length=3, blank=True)
    title_local = models.CharField(_("title in the host's language"), max_length=200, blank=True)
    description_local = models.TextField(_("description in the host's language"), blank=True)
    hosts = models.ManyToManyField(
        "alliance.Institution", related_name="courses", verbose_name=_("host institutions")
    )
    ects = _ects_field(_("ECTS credits"))
    eqf_level = models.PositiveSmallIntegerField(
        _("EQF level"), validators=[MinValueValidator(1), MaxValueValidator(8)]
    )
    isced_field = models.CharField(_("ISCED-F 2013 field"), max_length=4, help_text=_("e.g. 0712"))
    languages = models.JSONField(_("teaching languages"), default=list)
    mode = models.CharField(_("mode"), max_length=8, choices=Mode.choices)
    workload_hours = models.PositiveSmallIntegerField(_("workload in hours"))
    prerequisites = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="required_by",
        verbose_name=_("prerequisites"),
    )
    prerequisites_text = models.TextField(_("other prerequisites"), blank=True)
    assessment = models.CharField(_("assessment"), max_length=14, choices=Assessment.choices)
    audience = models.JSONField(_("audience"), default=list)
    themes = models.JSONField(_("themes"), default=list, blank=True)
    fee_external = models.DecimalField(
        _("fee for external learners (EUR)"),
        max_digits=8,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    published = models.BooleanField(_("published"), default=True)
    # Titles, descriptions, outcomes and skill labels in one text, kept by the services
    # for the full-text index of the database in use.
    search_document = models.TextField(editable=False, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ects__gte=0), name="course_ects_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(eqf_level__gte=1, eqf_level__lte=8), name="course_eqf_range"
            ),
        ]
        indexes = [models.Index(fields=["type", "published"])]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("catalog:course", args=[self.pk])

    def title_in(self, language: str) -> str:
        return (
            self.title_local if language == self.local_language and self.title_local else self.title
        )

    def description_in(self, language: str) -> str:
        if language == self.local_language and self.description_local:
            return self.description_local
        return self.description


class LearningOutcome(models.Model):
    """What a learner can do after the course, in one sentence, tagged with ESCO skills."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="outcomes")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.TextField(_("learning outcome"))
    skills = models.ManyToManyField("skills.Skill", blank=True, related_name="outcomes")

    class Meta:
        ordering = ["course", "position", "pk"]
        verbose_name = _("learning outcome")
        verbose_name_plural = _("learning outcomes")

    def __str__(self) -> str:
        return self.text


class Programme(models.Model):
    """A joint minor, joint master or professional certificate offered by several partners."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=ProgrammeKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    institutions = models.ManyToManyField(
        "alliance.Institution", related_name="programmes", verbose_name=_("offered by")
    )
    ects_total = _ects_field(_("total ECTS"))
    eqf_level = models.PositiveSmallIntegerField(
        _("EQF level"), validators=[MinValueValidator(1), MaxValueValidator(8)]
    )
    themes = models.JSONField(_("themes"), default=list, blank=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("catalog:programme", args=[self.code])


class ProgrammeGroup(models.Model):
    """A group of modules in a programme: all required, or electives with an ECTS minimum."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="groups")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("name"), max_length=200)
    required = models.BooleanField(_("all modules required"), default=True)
    min_ects = _ects_field(_("minimum ECTS from this group"))
    courses = models.ManyToManyField(
        Course, related_name="programme_groups", verbose_name=_("modules")
    )

    class Meta:
        ordering = ["programme", "position", "pk"]
        verbose_name = _("module group")
        verbose_name_plural = _("module groups")

    def __str__(self) -> str:
        return f"{self.programme}: {self.name}"


class Run(models.Model):
    """One offering of a course: dates, enrolment window, capacity, place, teachers."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="runs")
    label = models.CharField(_("label"), max_length=60, help_text=_("e.g. Spring 2027"))
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    enrolment_opens = models.DateField(_("enrolment opens"))
    enrolment_closes = models.DateField(_("enrolment closes"))
    capacity = models.PositiveIntegerField(_("places"), validators=[MinValueValidator(1)])
    waitlist = models.BooleanField(_("waiting list when full"), default=True)
    location = models.CharField(
        _("place"), max_length=200, blank=True, help_text=_("empty when online")
    )
    teachers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="teaching_runs",
        verbose_name=_("teachers"),
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # A MOOC open all year: each learner starts when they enrol and has their own deadline,
    # ``personal_weeks`` after it (never after the run ends); a cohort run has its dates.
    self_paced = models.BooleanField(_("self-paced"), default=False)
    personal_weeks = models.PositiveSmallIntegerField(
        _("weeks to complete"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(104)],
        help_text=_("Self-paced runs: each learner's time from their enrolment."),
    )

    class Meta:
        ordering = ["course", "starts_on"]
        verbose_name = _("run")
        verbose_name_plural = _("runs")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="run_ends_after_start"
            ),
            models.CheckConstraint(
                condition=models.Q(enrolment_closes__gte=models.F("enrolment_opens")),
                name="run_window_ordered",
            ),
        ]
        indexes = [models.Index(fields=["enrolment_opens", "enrolment_closes"])]

    def __str__(self) -> str:
        return f"{self.course.code} — {self.label}"

    def is_open_on(self, day) -> bool:
        return self.closed_at is None and self.enrolment_opens <= day <= self.enrolment_closes

    def study_period(self, enrolled_on) -> tuple:
        """When a learner enrolled on ``enrolled_on`` studies: the run's dates, or for a
        self-paced run from their enrolment to their personal deadline (within the run)."""
        if not self.self_paced:
            return self.starts_on, self.ends_on
        start = max(self.starts_on, enrolled_on)
        if self.personal_weeks:
            return start, min(self.ends_on, start + datetime.timedelta(weeks=self.personal_weeks))
        return start, self.ends_on


class Enrolment(models.Model):
    """A person's place (or queue position) in a run, and their result once assessed."""

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="enrolments")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments"
    )
    status = models.CharField(_("status"), max_length=12, choices=EnrolmentStatus.choices)
    queued_at = models.DateTimeField(_("applied at"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    local_grade = models.CharField(_("local grade"), max_length=20, blank=True)
    ects_grade = models.CharField(
        _("ECTS grade"), max_length=2, choices=EctsGrade.choices, blank=True
    )
    ects_earned = models.DecimalField(
        _("ECTS credits earned"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    result_date = models.DateField(_("result date"), null=True, blank=True)
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessed_enrolments",
        verbose_name=_("assessor"),
    )

    class Meta:
        ordering = ["queued_at", "pk"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(fields=["run", "person"], name="enrolment_one_per_run"),
        ]
        indexes = [
            models.Index(fields=["run", "status", "queued_at"]),
            models.Index(fields=["person", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.person} in {self.run} ({self.status})"

    @property
    def owning_institution_id(self):
        return None


class RecognisedCredit(models.Model):
    """Credits a home institution recognised for study elsewhere (a mobility's table B), shown
    on the learner's transcript beside the results of the catalogue's own runs.

    The catalogue does not know why they were recognised; ``reference`` names the record that
    does (such as a learning agreement), and ``source_enrolment`` the host result they rest on."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recognised_credits"
    )
    institution = models.ForeignKey(
        "alliance.Institution",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recognised by institution"),
    )
    source_institution = models.ForeignKey(
        "alliance.Institution",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("studied at"),
    )
    source_enrolment = models.ForeignKey(
        Enrolment, on_delete=models.PROTECT, null=True, blank=True, related_name="recognitions"
    )
    code = models.CharField(_("code"), max_length=40, blank=True)
    title = models.CharField(_("title"), max_length=200)
    ects = _ects_field(_("ECTS credits"))
    ects_grade = models.CharField(
        _("ECTS grade"), max_length=2, choices=EctsGrade.choices, blank=True
    )
    local_grade = models.CharField(_("local grade"), max_length=20, blank=True)
    recognised_on = models.DateField(_("recognised on"))
    recognised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reference = models.CharField(_("reference"), max_length=200, blank=True)

    class Meta:
        ordering = ["recognised_on", "code", "pk"]
        verbose_name = _("recognised credit")
        verbose_name_plural = _("recognised credits")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ects__gt=0), name="recognised_credit_ects_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title} ({self.ects} ECTS)".strip()

    @property
    def owning_institution_id(self) -> int:
        return self.institution_id
