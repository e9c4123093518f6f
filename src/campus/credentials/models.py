"""Micro-credentials: issuers' keys, achievements, issued credentials, status lists, audit.

A credential row keeps the signed Open Badges 3.0 document exactly as issued; what can
change afterwards (revocation, suspension, sharing) lives beside it, never inside it.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campus.jobs.models import Job


class IssuerKey(models.Model):
    """One Ed25519 key of an issuing institution; retired keys stay for verification."""

    institution = models.ForeignKey(
        "alliance.Institution", on_delete=models.PROTECT, related_name="issuer_keys"
    )
    key_id = models.CharField(max_length=40, help_text=_("fragment of the verification method"))
    public_key = models.BinaryField(max_length=32)
    private_key_encrypted = models.BinaryField(editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["institution", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "key_id"], name="issuerkey_unique_id"),
            models.UniqueConstraint(
                fields=["institution"],
                condition=models.Q(retired_at__isnull=True),
                name="issuerkey_one_active",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.institution} {self.key_id}"

    @property
    def owning_institution_id(self) -> int:
        return self.institution_id


class AchievementType(models.TextChoices):
    MICRO = "MicroCredential", _("Micro-credential")
    COURSE = "Course", _("Course")
    CERTIFICATE = "Certificate", _("Certificate")
    MINOR = "ext:JointMinor", _("Joint minor")


class Supervision(models.TextChoices):
    UNSUPERVISED = "unsupervised", _("Unsupervised, with no identity verification")
    SUPERVISED = "supervised", _("Supervised, with no identity verification")
    VERIFIED = "verified", _("Supervised online or on site, with identity verification")


class Achievement(models.Model):
    """What a credential stands for, with the EU micro-credential elements."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(
        _("type"), max_length=20, choices=AchievementType.choices, default=AchievementType.MICRO
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    criteria = models.TextField(_("criteria"))
    issuer = models.ForeignKey(
        "alliance.Institution",
        on_delete=models.PROTECT,
        related_name="achievements",
        verbose_name=_("awarding body"),
    )
    partners = models.ManyToManyField(
        "alliance.Institution",
        blank=True,
        related_name="partner_achievements",
        verbose_name=_("with"),
    )
    course = models.OneToOneField(
        "catalog.Course",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="achievement",
    )
    programme = models.OneToOneField(
        "catalog.Programme",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="achievement",
    )
    learning_outcomes = models.JSONField(_("learning outcomes"), default=list)
    skills = models.ManyToManyField("skills.Skill", blank=True, related_name="achievements")
    ects = models.DecimalField(_("ECTS credits"), max_digits=5, decimal_places=1)
    workload_hours = models.PositiveIntegerField(_("notional workload in hours"), default=0)
    eqf_level = models.PositiveSmallIntegerField(
        _("EQF level"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(8)],
    )
    isced_field = models.CharField(_("ISCED-F field"), max_length=4, blank=True)
    language = models.CharField(_("language"), max_length=3, default="en")
    assessment = models.CharField(_("type of assessment"), max_length=200)
    participation = models.CharField(_("form of participation"), max_length=20)
    quality_assurance = models.TextField(_("type of quality assurance"))
    supervision = models.CharField(
        _("supervision and identity verification"),
        max_length=14,
        choices=Supervision.choices,
        blank=True,
    )
    prerequisites = models.TextField(_("prerequisites"), blank=True)
    further_information = models.URLField(_("further information"), blank=True)
    requires = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="stacks_into",
        verbose_name=_("stacks from"),
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title"]
        verbose_name = _("achievement")
        verbose_name_plural = _("achievements")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("credentials:achievement", args=[self.uid])

    @property
    def owning_institution_id(self) -> int:
        return self.issuer_id


class CredentialSource(models.TextChoices):
    RESULT = "result", _("A result was recorded")
    BULK = "bulk", _("Bulk issuance")
    STACKED = "stacked", _("All its parts were earned")


class Credential(models.Model):
    """One signed OpenBadgeCredential of one person, as issued."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    achievement = models.ForeignKey(
        Achievement, on_delete=models.PROTECT, related_name="credentials"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="credentials"
    )
    # Idempotency: "run:<id>" for a course run, "stack" for a stacked credential. At most
    # one active credential per person, achievement and context; revoked ones stay as history.
    context_key = models.CharField(max_length=40)
    run = models.ForeignKey(
        "catalog.Run", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    issuer = models.ForeignKey(
        "alliance.Institution", on_delete=models.PROTECT, related_name="issued_credentials"
    )
    key = models.ForeignKey(IssuerKey, on_delete=models.PROTECT, related_name="credentials")
    document = models.JSONField()
    source = models.CharField(max_length=8, choices=CredentialSource.choices)
    issued_at = models.DateTimeField(default=timezone.now)
    status_list_number = models.PositiveIntegerField()
    status_index = models.PositiveIntegerField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    suspended_at = models.DateTimeField(null=True, blank=True)
    status_reason = models.TextField(blank=True)
    # Revoked by the campus because the record no longer supports it (a corrected result, a
    # stack whose part went): a later result may issue again. An issuer's revocation stands.
    revoked_by_record = models.BooleanField(default=False)
    shared = models.BooleanField(_("shared"), default=False)

    class Meta:
        ordering = ["-issued_at", "-pk"]
        verbose_name = _("credential")
        verbose_name_plural = _("credentials")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "achievement", "context_key"],
                condition=models.Q(revoked_at__isnull=True),
                name="credential_once_active",
            ),
            models.UniqueConstraint(
                fields=["issuer", "status_list_number", "status_index"],
                name="credential_status_slot",
            ),
        ]
        indexes = [models.Index(fields=["person", "issued_at"])]

    def __str__(self) -> str:
        return f"{self.achievement} — {self.person}"

    def get_absolute_url(self) -> str:
        return reverse("credentials:public", args=[self.uid])

    @property
    def owning_institution_id(self) -> int:
        return self.issuer_id

    @property
    def grade(self) -> str:
        """The ECTS grade the signed document states ("" when it states none)."""
        results = self.document.get("credentialSubject", {}).get("result") or [{}]
        return str(results[0].get("value", ""))

    @property
    def state(self) -> str:
        if self.revoked_at:
            return "revoked"
        if self.suspended_at:
            return "suspended"
        return "active"


class StatusPurpose(models.TextChoices):
    REVOCATION = "revocation", _("Revocation")
    SUSPENSION = "suspension", _("Suspension")


class StatusList(models.Model):
    """One W3C Bitstring Status List of an issuer; the signed list credential is cached."""

    institution = models.ForeignKey(
        "alliance.Institution", on_delete=models.PROTECT, related_name="status_lists"
    )
    purpose = models.CharField(max_length=10, choices=StatusPurpose.choices)
    number = models.PositiveIntegerField()
    bits = models.BinaryField()
    allocated = models.PositiveIntegerField(default=0)
    signed = models.JSONField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["institution", "purpose", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "purpose", "number"], name="statuslist_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.institution} {self.purpose} {self.number}"


class CredentialEvent(models.Model):
    """The audit trail of a credential: issued, revoked, suspended, reinstated, shared."""

    ACTIONS = {
        "issued": _("issued"),
        "revoked": _("revoked"),
        "suspended": _("suspended"),
        "reinstated": _("reinstated"),
        "shared": _("shared"),
        "unshared": _("no longer shared"),
    }

    credential = models.ForeignKey(Credential, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=12)
    reason = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.credential_id} {self.action}"

    @property
    def action_label(self) -> str:
        return str(self.ACTIONS.get(self.action, self.action))


class IssuanceJob(Job):
    """Bulk issuance for the passing participants of a run, with its progress (a job of
    campus.jobs: ``progress`` is the share of ``total`` done)."""

    task_path = "campus.credentials.tasks.issue_credentials"

    run = models.ForeignKey("catalog.Run", on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    issued = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"issuance {self.pk} for {self.run_id}"


class VerificationOutcome(models.TextChoices):
    VALID = "valid", _("Valid")
    INVALID = "invalid", _("Not valid")


class VerificationChannel(models.TextChoices):
    PAGE = "page", _("The verify page")
    API = "api", _("The verify API")
    LINK = "link", _("A shared credential's page")


class Verification(models.Model):
    """One verification someone asked of the campus, for counting credentials verified.

    It says what was verified, when, how and with what overall outcome, and nothing about
    who asked: no address, browser or account of the verifier is kept. ``credential`` is
    empty when the document is not one the campus issued; ``issuer`` repeats the matched
    credential's issuer so that counts per institution need no join.
    """

    credential = models.ForeignKey(
        Credential,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="verifications",
    )
    issuer = models.ForeignKey(
        "alliance.Institution",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(default=timezone.now, db_index=True)
    outcome = models.CharField(max_length=7, choices=VerificationOutcome.choices)
    channel = models.CharField(max_length=4, choices=VerificationChannel.choices)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("verification")
        verbose_name_plural = _("verifications")

    def __str__(self) -> str:
        return f"{self.channel} {self.outcome} {self.at:%Y-%m-%d}"
