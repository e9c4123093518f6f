"""The learning space of a run: its sections and units (lessons in Markdown, with media), the
question banks and quizzes, the learners' attempts, the units they have viewed, extra time
as an accommodation, and the rules that complete the run."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

# The quiz engine's kinds (campus.learning.quiz.KINDS; a test keeps them equal).
KINDS = ("single", "multiple", "numeric", "text", "matching")


class Section(models.Model):
    """A part of a run's learning space: a week, a module, a chapter."""

    run = models.ForeignKey(
        "catalog.Run", on_delete=models.CASCADE, related_name="sections", verbose_name=_("run")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=200)

    class Meta:
        ordering = ["run", "position", "pk"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self) -> str:
        return self.title


class Unit(models.Model):
    """One step of learning: a lesson (Markdown) with its media, and the quizzes after it."""

    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, related_name="units", verbose_name=_("section")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("lesson (Markdown)"), blank=True)
    minutes = models.PositiveSmallIntegerField(
        _("minutes of study"), default=30, validators=[MaxValueValidator(600)]
    )

    class Meta:
        ordering = ["section__position", "section", "position", "pk"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("learning:unit", args=[self.pk])


class MediaKind(models.TextChoices):
    IMAGE = "image", _("Image")
    VIDEO = "video", _("Video")
    AUDIO = "audio", _("Audio")


class UnitMedia(models.Model):
    """An image, a video or a recording of a unit, with its text alternative: alt text for an
    image, a transcript for video and audio (checked by learning.content.check_media)."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="media")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=5, choices=MediaKind.choices)
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("address"), max_length=500)
    alt = models.CharField(_("alternative text"), max_length=500, blank=True)
    transcript = models.TextField(_("transcript"), blank=True)
    captions_url = models.URLField(_("captions (WebVTT)"), max_length=500, blank=True)

    class Meta:
        ordering = ["unit", "position", "pk"]
        verbose_name = _("media")
        verbose_name_plural = _("media")

    def __str__(self) -> str:
        return self.title


class QuestionBank(models.Model):
    """The questions a run's quizzes draw from."""

    run = models.ForeignKey("catalog.Run", on_delete=models.CASCADE, related_name="question_banks")
    title = models.CharField(_("title"), max_length=200)

    class Meta:
        ordering = ["run", "pk"]
        verbose_name = _("question bank")
        verbose_name_plural = _("question banks")

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    """One question; ``spec`` holds what its kind needs, checked by quiz.validate_question."""

    bank = models.ForeignKey(QuestionBank, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(
        _("kind"),
        max_length=10,
        choices=[
            ("single", _("Single choice")),
            ("multiple", _("Multiple choice")),
            ("numeric", _("Number")),
            ("text", _("Short text")),
            ("matching", _("Matching")),
        ],
    )
    text = models.TextField(_("question"), max_length=2000)
    points = models.DecimalField(
        _("points"),
        max_digits=5,
        decimal_places=2,
        default=1,
        validators=[MinValueValidator(0.01), MaxValueValidator(100)],
    )
    spec = models.JSONField(_("definition"), default=dict)

    class Meta:
        ordering = ["bank", "position", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=KINDS), name="question_kind_known")
        ]

    def __str__(self) -> str:
        return self.text[:80]


class Quiz(models.Model):
    """A quiz of a unit: drawn from a bank, timed or not, with a number of attempts."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="quizzes")
    title = models.CharField(_("title"), max_length=200)
    bank = models.ForeignKey(QuestionBank, on_delete=models.PROTECT, related_name="quizzes")
    pick = models.PositiveSmallIntegerField(
        _("questions per attempt"),
        null=True,
        blank=True,
        help_text=_("Drawn at random from the bank; empty: every question of the bank."),
    )
    shuffle = models.BooleanField(_("questions in random order"), default=True)
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"), null=True, blank=True, validators=[MaxValueValidator(600)]
    )
    attempts_allowed = models.PositiveSmallIntegerField(
        _("attempts allowed"), default=2, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    pass_percent = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=60, validators=[MaxValueValidator(100)]
    )

    class Meta:
        ordering = ["unit", "pk"]
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("learning:quiz", args=[self.pk])


class Accommodation(models.Model):
    """Extra time for one learner in one run's timed quizzes (granted by its lecturers)."""

    run = models.ForeignKey("catalog.Run", on_delete=models.CASCADE, related_name="accommodations")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="accommodations"
    )
    extra_time_percent = models.PositiveSmallIntegerField(
        _("extra time (%)"), validators=[MinValueValidator(1), MaxValueValidator(200)]
    )

    class Meta:
        verbose_name = _("accommodation")
        verbose_name_plural = _("accommodations")
        constraints = [
            models.UniqueConstraint(fields=["run", "person"], name="accommodation_one_per_run")
        ]

    def __str__(self) -> str:
        return f"+{self.extra_time_percent} %"


class AttemptState(models.TextChoices):
    OPEN = "open", _("In progress")
    SUBMITTED = "submitted", _("Submitted")
    EXPIRED = "expired", _("Time ran out")


class Attempt(models.Model):
    """One learner's attempt at a quiz: its questions (drawn when it starts), the answers saved
    so far, and once submitted (or out of time) its grade."""

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="attempts")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    number = models.PositiveSmallIntegerField(_("attempt"))
    state = models.CharField(
        _("state"), max_length=10, choices=AttemptState.choices, default=AttemptState.OPEN
    )
    seed = models.BigIntegerField()
    question_ids = models.JSONField(default=list)
    answers = models.JSONField(default=dict, blank=True)  # {question id: canonical response}
    started_at = models.DateTimeField(default=timezone.now)
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    points = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    max_points = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    percent = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField(null=True)
    graded = models.JSONField(default=list, blank=True)  # per question: points, feedback

    class Meta:
        ordering = ["quiz", "person", "number"]
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        constraints = [
            models.UniqueConstraint(
                fields=["quiz", "person", "number"], name="attempt_number_unique"
            ),
            # Two clicks on "Start" (or two tabs) never open two attempts at once.
            models.UniqueConstraint(
                fields=["quiz", "person"],
                condition=models.Q(state="open"),
                name="attempt_one_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quiz} #{self.number}"

    def get_absolute_url(self) -> str:
        return reverse("learning:attempt", args=[self.pk])


class UnitView(models.Model):
    """A learner has opened a unit (its first time counts for progress)."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="views")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="unit_views"
    )
    viewed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("unit viewed")
        verbose_name_plural = _("units viewed")
        constraints = [models.UniqueConstraint(fields=["unit", "person"], name="unit_view_once")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.viewed_at:%Y-%m-%d}"


class CompletionRule(models.Model):
    """What completes a run without a lecturer typing the result: every unit viewed, and the
    best attempt at every quiz at or above a mark. Met, it records the result through the
    catalogue's result service (and so issues the micro-credential)."""

    run = models.OneToOneField(
        "catalog.Run", on_delete=models.CASCADE, related_name="completion_rule"
    )
    all_units_viewed = models.BooleanField(_("every unit viewed"), default=True)
    quizzes_min_percent = models.PositiveSmallIntegerField(
        _("every quiz at least (%)"), default=60, validators=[MaxValueValidator(100)]
    )
    assignments_pass = models.BooleanField(_("every assignment passed"), default=True)

    class Meta:
        verbose_name = _("completion rule")
        verbose_name_plural = _("completion rules")

    def __str__(self) -> str:
        return f"{self.run}"


# --- assignments -----------------------------------------------------------------------------


class PrivateStorage(FileSystemStorage):
    """Files that only some people may read (submitted work): kept beside MEDIA_ROOT, never
    under it, so the web server's media route cannot reach them, and with no URL. They are
    sent by a view that checks who asks (learning.views_assignments.submission_file)."""

    @cached_property
    def base_location(self):
        configured = getattr(settings, "CAMPUS_PRIVATE_ROOT", None)
        return str(configured or Path(settings.MEDIA_ROOT).parent / "private")

    def url(self, name):
        raise ValueError("A private file has no public address; a view sends it.")


_private_storage = PrivateStorage()


def private_storage() -> PrivateStorage:
    return _private_storage


def submission_upload_to(instance: Submission, filename: str) -> str:
    """A name that tells nothing about the learner or the file: the assignment and a random id
    (the original name is kept in Submission.file_name, for the download)."""
    extension = Path(filename).suffix.lower()[:8]
    return f"assignments/{instance.assignment_id}/{uuid.uuid4().hex}{extension}"


class Rubric(models.Model):
    """The criteria an assignment's submissions are graded by, each with its points."""

    run = models.ForeignKey("catalog.Run", on_delete=models.CASCADE, related_name="rubrics")
    title = models.CharField(_("title"), max_length=200)

    class Meta:
        ordering = ["run", "pk"]
        verbose_name = _("rubric")
        verbose_name_plural = _("rubrics")

    def __str__(self) -> str:
        return self.title


class RubricCriterion(models.Model):
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    max_points = models.PositiveSmallIntegerField(
        _("points"), validators=[MinValueValidator(1), MaxValueValidator(1000)]
    )

    class Meta:
        ordering = ["rubric", "position", "pk"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(max_points__gt=0), name="criterion_points_positive"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Assignment(models.Model):
    """Work a learner hands in (a text, a file or both), graded by a rubric: by the run's
    lecturers, or (peer_reviews ≥ 1, the MOOC way) by that many fellow learners."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="assignments")
    title = models.CharField(_("title"), max_length=200)
    instructions = models.TextField(_("instructions (Markdown)"), blank=True)
    rubric = models.ForeignKey(Rubric, on_delete=models.PROTECT, related_name="assignments")
    pass_percent = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=60, validators=[MaxValueValidator(100)]
    )
    peer_reviews = models.PositiveSmallIntegerField(
        _("peer reviews per submission"),
        default=0,
        validators=[MaxValueValidator(10)],
        help_text=_("0: graded by the run's lecturers only."),
    )
    allow_text = models.BooleanField(_("a text may be handed in"), default=True)
    allow_file = models.BooleanField(_("a file may be handed in"), default=False)

    class Meta:
        ordering = ["unit", "pk"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(allow_text=True) | models.Q(allow_file=True),
                name="assignment_takes_something",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("learning_assignments:assignment", args=[self.pk])


class SubmissionState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    GRADED = "graded", _("Graded")


class Submission(models.Model):
    """A learner's work for an assignment (one per learner; handed in again until graded)."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="submissions")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="submissions"
    )
    text = models.TextField(_("text"), blank=True, max_length=20_000)
    file = models.FileField(
        _("file"), upload_to=submission_upload_to, storage=private_storage, blank=True
    )
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=SubmissionState.choices, default=SubmissionState.DRAFT
    )
    percent = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField(null=True, blank=True)
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty for a grade by peer review."),
    )
    graded_at = models.DateTimeField(_("graded"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True, max_length=5000)

    class Meta:
        ordering = ["assignment", "submitted_at", "pk"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "person"], name="submission_one_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.assignment} · {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("learning_assignments:assignment", args=[self.assignment_id])


class PeerReview(models.Model):
    """A learner assigned to review a fellow learner's submission (neither sees who the other
    is); finished once its scores are in."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="peer_reviews"
    )
    assigned_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    percent = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True, max_length=5000)

    class Meta:
        ordering = ["assigned_at", "pk"]
        verbose_name = _("peer review")
        verbose_name_plural = _("peer reviews")
        constraints = [
            models.UniqueConstraint(fields=["submission", "reviewer"], name="peer_review_once")
        ]

    def __str__(self) -> str:
        return f"{_('peer review')} {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("learning_assignments:review", args=[self.pk])

    def clean(self) -> None:
        if self.submission_id and self.reviewer_id == self.submission.person_id:
            raise ValidationError({"reviewer": _("Nobody reviews their own work.")})


class CriterionScore(models.Model):
    """The points and comment one criterion earned: in a lecturer's grade (submission) or in a
    peer review (peer_review), never both."""

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, null=True, blank=True, related_name="scores"
    )
    peer_review = models.ForeignKey(
        PeerReview, on_delete=models.CASCADE, null=True, blank=True, related_name="scores"
    )
    criterion = models.ForeignKey(RubricCriterion, on_delete=models.CASCADE, related_name="+")
    points = models.DecimalField(
        _("points"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0)]
    )
    comment = models.TextField(_("comment"), blank=True, max_length=2000)

    class Meta:
        ordering = ["criterion__position", "criterion_id"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(submission__isnull=False, peer_review__isnull=True)
                    | models.Q(submission__isnull=True, peer_review__isnull=False)
                ),
                name="score_of_grade_or_review",
            ),
            models.UniqueConstraint(
                fields=["submission", "criterion"], name="score_once_per_grade"
            ),
            models.UniqueConstraint(
                fields=["peer_review", "criterion"], name="score_once_per_review"
            ),
            models.CheckConstraint(condition=models.Q(points__gte=0), name="score_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.points}"
