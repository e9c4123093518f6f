"""What the skills-gap analysis keeps of its own: the regional needs surveys that coordinators
enter or upload, and the automation-exposure data sets, each upload with its source, who and
when (reference data: a later upload does not rewrite an earlier one)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

SURVEY_WEIGHT_MAX = 10


class Upload(models.Model):
    """A batch of reference data as uploaded: where it comes from, who uploaded it and when."""

    source = models.CharField(_("source"), max_length=300)
    file_name = models.CharField(_("file"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return self.source


class SurveyUpload(Upload):
    """One batch of regional needs: a CSV file uploaded, or needs entered by hand."""

    class Meta(Upload.Meta):
        verbose_name = _("needs survey upload")
        verbose_name_plural = _("needs survey uploads")


class SurveyNeed(models.Model):
    """A skill a region needs, as a regional needs survey found it, with its weight (0 to 10)."""

    upload = models.ForeignKey(SurveyUpload, on_delete=models.CASCADE, related_name="needs")
    region = models.ForeignKey(
        "alliance.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    skill = models.ForeignKey(
        "skills.Skill", on_delete=models.PROTECT, related_name="+", verbose_name=_("skill")
    )
    weight = models.DecimalField(
        _("weight"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(SURVEY_WEIGHT_MAX)],
    )
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["region", "-weight", "pk"]
        verbose_name = _("surveyed need")
        verbose_name_plural = _("surveyed needs")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weight__gte=0, weight__lte=SURVEY_WEIGHT_MAX),
                name="surveyneed_weight_0_to_10",
            )
        ]
        indexes = [models.Index(fields=["region", "skill"])]

    def __str__(self) -> str:
        return f"{self.region_id}: {self.skill_id} ×{self.weight}"


class ExposureUpload(Upload):
    """One automation-exposure data set as uploaded; the newest one is the one the gap reads."""

    class Meta(Upload.Meta):
        verbose_name = _("exposure data set")
        verbose_name_plural = _("exposure data sets")


class Exposure(models.Model):
    """How exposed to automation a skill (by ESCO URI) or an occupation (ISCO-08 code) is, 0..1.

    ISCO rows are kept as uploaded; they reach skills only through ESCO occupation links, which
    the skills app does not hold (yet), so the gap page says they could not be applied.
    """

    upload = models.ForeignKey(ExposureUpload, on_delete=models.CASCADE, related_name="rows")
    skill = models.ForeignKey(
        "skills.Skill", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    isco_code = models.CharField(_("ISCO-08 code"), max_length=4, blank=True)
    score = models.DecimalField(
        _("exposure"),
        max_digits=4,
        decimal_places=3,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)

    class Meta:
        ordering = ["upload", "pk"]
        verbose_name = _("exposure")
        verbose_name_plural = _("exposures")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__gte=0, score__lte=1), name="exposure_score_0_to_1"
            ),
            models.CheckConstraint(
                condition=(models.Q(skill__isnull=False) & models.Q(isco_code=""))
                | (models.Q(skill__isnull=True) & ~models.Q(isco_code="")),
                name="exposure_skill_or_isco",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.skill_id or self.isco_code}: {self.score}"
