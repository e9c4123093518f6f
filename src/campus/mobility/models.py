"""Mobility between the partners: opportunities, applications and their selection, learning
agreements (versioned, each version signed by the student and both coordinators) and the
recognition of the results at home.

A learning agreement follows the Erasmus+ template as the EWP Online Learning Agreement
implements it, so that every field the EWP document needs is here: institutions by their SCHAC
``hei-id`` (``Institution.schac``), the student's names, e-mail and, optionally, birth date,
citizenship and gender, the mobility period, the components of tables A (studied at the
receiving institution), B (recognised at home), C (virtual) and D (blended), the language
competence and the three signatures of each version.
"""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campus.people.models import CEFRLevel

from .travel import MODE_KEYS

# The travel engine's modes in the reader's language (selectors.MODE_LABELS is this mapping).
TRAVEL_MODE_LABELS = {
    "plane": _("Plane"),
    "train": _("Train"),
    "bus": _("Bus or coach"),
    "car_share": _("Shared car"),
    "car": _("Car, alone"),
}
TRAVEL_MODE_CHOICES = [(key, TRAVEL_MODE_LABELS.get(key, key)) for key in MODE_KEYS]

# CEFR levels in order; "native" is above C2.
CEFR_ORDER = ("A1", "A2", "B1", "B2", "C1", "C2", "native")


def cefr_rank(level: str) -> int:
    """The position of a CEFR level (A1 = 0 … native = 6); -1 for none or an unknown one."""
    return CEFR_ORDER.index(level) if level in CEFR_ORDER else -1


class OpportunityKind(models.TextChoices):
    SEMESTER = "semester", _("Semester exchange")
    SHORT_TERM = "short_term", _("Short-term physical mobility")
    VIRTUAL = "virtual", _("Virtual exchange")
    BLENDED = "bip", _("Blended intensive programme")
    STAFF = "staff", _("Staff mobility for teaching or training")


class Opportunity(models.Model):
    """A place to go (or to join online) at a host institution, open to applications."""

    kind = models.CharField(_("kind"), max_length=12, choices=OpportunityKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    host = models.ForeignKey(
        "alliance.Institution",
        on_delete=models.PROTECT,
        related_name="mobility_opportunities",
        verbose_name=_("host institution"),
    )
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    # A blended intensive programme's short physical phase, inside starts_on..ends_on.
    physical_starts_on = models.DateField(_("physical phase starts"), null=True, blank=True)
    physical_ends_on = models.DateField(_("physical phase ends"), null=True, blank=True)
    virtual_component = models.TextField(_("virtual component"), blank=True)
    places = models.PositiveSmallIntegerField(_("places"), validators=[MinValueValidator(1)])
    language = models.CharField(_("language of instruction"), max_length=3, default="en")
    language_level = models.CharField(
        _("language level required"), max_length=6, choices=CEFRLevel.choices, blank=True
    )
    eqf_levels = models.JSONField(_("eligible study levels (EQF)"), default=list, blank=True)
    isced_fields = models.JSONField(_("eligible fields (ISCED-F)"), default=list, blank=True)
    courses = models.ManyToManyField(
        "catalog.Course",
        blank=True,
        related_name="mobility_opportunities",
        verbose_name=_("linked courses"),
    )
    application_deadline = models.DateField(_("application deadline"))
    published = models.BooleanField(_("published"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["starts_on", "title", "pk"]
        verbose_name = _("mobility opportunity")
        verbose_name_plural = _("mobility opportunities")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="opportunity_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=OpportunityKind.values), name="opportunity_kind_valid"
            ),
        ]
        indexes = [models.Index(fields=["kind", "published", "application_deadline"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("mobility:opportunity", args=[self.pk])

    @property
    def owning_institution_id(self) -> int:
        return self.host_id

    @property
    def is_blended(self) -> bool:
        return self.kind == OpportunityKind.BLENDED

    @property
    def is_virtual(self) -> bool:
        return self.kind == OpportunityKind.VIRTUAL


class ApplicationState(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    NOMINATED = "nominated", _("Nominated by the home institution")
    NOT_NOMINATED = "not_nominated", _("Not nominated")
    ACCEPTED = "accepted", _("Accepted by the host")
    DECLINED = "declined", _("Declined by the host")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_APPLICATION_STATES = (ApplicationState.SUBMITTED, ApplicationState.NOMINATED)


class Application(models.Model):
    """A person's application for an opportunity: nominated at home, accepted by the host."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mobility_applications"
    )
    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.CASCADE, related_name="applications"
    )
    home = models.ForeignKey(
        "alliance.Institution",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("home institution"),
    )
    motivation = models.TextField(_("motivation"), max_length=4000)
    language = models.CharField(_("language"), max_length=3)
    language_level = models.CharField(_("language level"), max_length=6, choices=CEFRLevel.choices)
    state = models.CharField(
        _("state"),
        max_length=14,
        choices=ApplicationState.choices,
        default=ApplicationState.SUBMITTED,
    )
    nomination_reason = models.CharField(_("reason of the nomination"), max_length=1000, blank=True)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    nominated_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.CharField(_("reason of the decision"), max_length=1000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("mobility application")
        verbose_name_plural = _("mobility applications")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "opportunity"],
                condition=~models.Q(state="withdrawn"),
                name="mobility_application_one_open",
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=ApplicationState.values),
                name="mobility_application_state_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.opportunity}"

    def get_absolute_url(self) -> str:
        return reverse("mobility:application", args=[self.pk])


def new_omobility_id() -> str:
    return str(uuid.uuid4())


class LearningAgreement(models.Model):
    """A mobility and its learning agreement: who goes where, when, and what they study there.

    Its content that the three parties sign lives in its versions; what is here is the frame
    that stays the same (the parties, the period, the language competence)."""

    # The mobility's id in Erasmus Without Paper (omobility-id): made here, or kept from the
    # partner's system it was imported from (mobility.ewp_io).
    omobility_id = models.CharField(
        _("EWP mobility id"), max_length=64, unique=True, default=new_omobility_id, editable=False
    )

    application = models.OneToOneField(
        Application,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="learning_agreement",
    )
    opportunity = models.ForeignKey(
        Opportunity,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="learning_agreements",
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="learning_agreements",
        verbose_name=_("student"),
    )
    student_given_names = models.CharField(_("given names"), max_length=120)
    student_family_name = models.CharField(_("family name"), max_length=120, blank=True)
    student_email = models.EmailField(_("student's e-mail"))
    student_birth_date = models.DateField(_("birth date"), null=True, blank=True)
    student_citizenship = models.CharField(
        _("citizenship"), max_length=2, blank=True, help_text=_("ISO 3166-1 alpha-2")
    )
    # ISO/IEC 5218 as EWP uses it: 0 not known, 1 male, 2 female, 9 not applicable.
    student_gender = models.CharField(_("gender (ISO 5218)"), max_length=1, blank=True)
    eqf_level = models.PositiveSmallIntegerField(
        _("study cycle (EQF)"), default=6, validators=[MinValueValidator(1), MaxValueValidator(8)]
    )
    isced_field = models.CharField(_("subject area (ISCED-F)"), max_length=4, blank=True)
    sending = models.ForeignKey(
        "alliance.Institution",
        on_delete=models.PROTECT,
        related_name="outgoing_agreements",
        verbose_name=_("sending institution"),
    )
    receiving = models.ForeignKey(
        "alliance.Institution",
        on_delete=models.PROTECT,
        related_name="incoming_agreements",
        verbose_name=_("receiving institution"),
    )
    sending_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sending contact person"),
    )
    receiving_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("receiving contact person"),
    )
    starts_on = models.DateField(_("mobility starts"))
    ends_on = models.DateField(_("mobility ends"))
    language = models.CharField(_("language of instruction"), max_length=3)
    language_level = models.CharField(
        _("language competence"), max_length=6, choices=CEFRLevel.choices
    )
    completed_at = models.DateTimeField(_("mobility completed"), null=True, blank=True)
    # How the mobility travels, as the student or the sending coordinator declared it
    # (services.declare_travel), for Erasmus+ green travel and the CO2e the impact area counts;
    # empty: not declared, and the travel engine assumes the usual way (plane or car by
    # distance).
    travel_mode = models.CharField(
        _("way of travelling"), max_length=12, blank=True, choices=TRAVEL_MODE_CHOICES
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("learning agreement")
        verbose_name_plural = _("learning agreements")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="learning_agreement_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return _("Learning agreement of %(name)s, %(from)s → %(to)s") % {
            "name": self.student,
            "from": self.sending.short_name,
            "to": self.receiving.short_name,
        }

    def get_absolute_url(self) -> str:
        return reverse("mobility:agreement", args=[self.pk])

    @property
    def owning_institution_id(self) -> int:
        return self.sending_id


class VersionKind(models.TextChoices):
    FIRST = "first", _("First version")
    CHANGES = "changes", _("Changes proposal")


class VersionStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting signatures")
    APPROVED = "approved", _("Approved by all three")
    SUPERSEDED = "superseded", _("Replaced by a later proposal before approval")


class LearningAgreementVersion(models.Model):
    """One exact content of a learning agreement; what the signatures approve.

    Versions are never edited once another exists: a change makes the next version."""

    agreement = models.ForeignKey(
        LearningAgreement, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("version"), validators=[MinValueValidator(1)])
    kind = models.CharField(_("kind"), max_length=8, choices=VersionKind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=VersionStatus.choices, default=VersionStatus.PENDING
    )
    comment = models.CharField(_("reason for the change"), max_length=1000, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["agreement", "number"]
        verbose_name = _("learning agreement version")
        verbose_name_plural = _("learning agreement versions")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="la_version_unique"),
        ]

    def __str__(self) -> str:
        return _("Version %(n)s") % {"n": self.number}


class ComponentTable(models.TextChoices):
    STUDIED = "A", _("Table A: studied at the receiving institution")
    RECOGNISED = "B", _("Table B: recognised at the sending institution")
    VIRTUAL = "C", _("Virtual components")
    BLENDED = "D", _("Blended mobility components")


class Component(models.Model):
    """One line of a version's tables: an educational component and its ECTS."""

    version = models.ForeignKey(
        LearningAgreementVersion, on_delete=models.CASCADE, related_name="components"
    )
    table = models.CharField(_("table"), max_length=1, choices=ComponentTable.choices)
    position = models.PositiveSmallIntegerField(default=0)
    code = models.CharField(_("component code"), max_length=40, blank=True)
    title = models.CharField(_("component title"), max_length=200)
    term = models.CharField(_("term"), max_length=60, blank=True)
    ects = models.DecimalField(
        _("ECTS credits"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("60"))],
    )
    course = models.ForeignKey(
        "catalog.Course",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("catalogue course"),
    )
    run = models.ForeignKey(
        "catalog.Run",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("catalogue run"),
    )
    recognition_conditions = models.CharField(
        _("recognition conditions"), max_length=500, blank=True
    )

    class Meta:
        ordering = ["version", "table", "position", "pk"]
        verbose_name = _("component")
        verbose_name_plural = _("components")

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()


class SignatureRole(models.TextChoices):
    STUDENT = "student", _("Student")
    SENDING = "sending", _("Sending coordinator")
    RECEIVING = "receiving", _("Receiving coordinator")


class Signature(models.Model):
    """One party's approval of one exact version: who, as what, when."""

    version = models.ForeignKey(
        LearningAgreementVersion, on_delete=models.CASCADE, related_name="signatures"
    )
    role = models.CharField(_("signs as"), max_length=10, choices=SignatureRole.choices)
    # None: signed in a partner's system and imported through EWP by someone without a
    # campus account (the name and e-mail say who).
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("name"), max_length=120)
    position = models.CharField(_("position"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail"))
    signed_at = models.DateTimeField(_("signed"), default=timezone.now)

    class Meta:
        ordering = ["version", "signed_at", "pk"]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [
            models.UniqueConstraint(fields=["version", "role"], name="la_signature_one_per_role"),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.name}"


class Recognition(models.Model):
    """The home institution's recognition of a completed mobility, made in one step."""

    agreement = models.OneToOneField(
        LearningAgreement, on_delete=models.PROTECT, related_name="recognition"
    )
    version = models.ForeignKey(
        LearningAgreementVersion, on_delete=models.PROTECT, related_name="+"
    )
    recognised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recognised_at = models.DateTimeField(default=timezone.now)
    note = models.CharField(_("note"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("recognition")
        verbose_name_plural = _("recognitions")

    def __str__(self) -> str:
        return _("Recognition of %(agreement)s") % {"agreement": self.agreement}


class RecognitionLine(models.Model):
    """A table-B component recognised, with the host result it rests on."""

    recognition = models.ForeignKey(Recognition, on_delete=models.CASCADE, related_name="lines")
    component = models.ForeignKey(Component, on_delete=models.PROTECT, related_name="+")
    enrolment = models.ForeignKey(
        "catalog.Enrolment", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    credit = models.OneToOneField(
        "catalog.RecognisedCredit", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["recognition", "component__position", "pk"]
        verbose_name = _("recognised component")
        verbose_name_plural = _("recognised components")

    def __str__(self) -> str:
        return str(self.component)


class MobilityEvent(models.Model):
    """The audit trail: who did what to an application or learning agreement, when."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(max_length=40)
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    agreement = models.ForeignKey(
        LearningAgreement, on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    note = models.CharField(max_length=500, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("mobility event")
        verbose_name_plural = _("mobility events")

    def __str__(self) -> str:
        return f"{self.action} ({self.at:%Y-%m-%d})"
