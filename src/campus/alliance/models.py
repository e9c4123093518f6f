"""The alliance: its partner institutions, their NUTS regions, the regional
stakeholder organisations, and the bodies that govern the alliance."""

import re

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def normalise_erasmus_code(code: str) -> str:
    """Compare Erasmus codes after collapsing runs of (non-breaking) spaces."""
    return re.sub(r"[\s\u00a0]+", " ", code or "").strip().upper()


class Theme(models.TextChoices):
    """The alliance's transversal themes, used by people, courses and challenges."""

    RESILIENT_PEOPLE = "people", _("Resilience of people")
    RESILIENT_BUSINESSES = "businesses", _("Resilience of businesses")
    RESILIENT_NATURE = "nature", _("Resilience of nature")
    GREEN = "green", _("Green transition")
    DIGITAL = "digital", _("Digital transition")
    AI = "ai", _("Artificial intelligence")


class Region(models.Model):
    """A NUTS region (NUTS 2024 code) in which partners and stakeholders work."""

    code = models.CharField(_("NUTS code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=200)
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166-1 alpha-2"))
    code_2021 = models.CharField(_("NUTS 2021 code"), max_length=10, blank=True)

    class Meta:
        ordering = ["country", "code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Institution(models.Model):
    """A partner institution of the alliance, keyed by its Erasmus code."""

    code = models.CharField(_("Erasmus code"), max_length=20, unique=True)
    code_key = models.CharField(max_length=20, unique=True, editable=False)
    other_codes = models.JSONField(_("other Erasmus codes"), default=list, blank=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    short_name = models.CharField(_("short name"), max_length=60)
    name = models.CharField(_("name (English)"), max_length=200)
    local_name = models.CharField(_("local name"), max_length=200)
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166-1 alpha-2"))
    city = models.CharField(_("city"), max_length=100)
    lat = models.FloatField(_("latitude"))
    lon = models.FloatField(_("longitude"))
    schac = models.CharField(_("SCHAC home organisation"), max_length=100, unique=True)
    website = models.URLField(_("website"))
    languages = models.JSONField(_("teaching languages"), default=list)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="institutions", verbose_name=_("region")
    )

    class Meta:
        ordering = ["country", "short_name"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")

    def __str__(self) -> str:
        return self.short_name

    def save(self, *args, **kwargs):
        self.code_key = normalise_erasmus_code(self.code)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("alliance:institution", args=[self.slug])

    @property
    def owning_institution_id(self) -> int:
        return self.pk


class OrganisationType(models.TextChoices):
    SME = "sme", _("SME")
    LARGE_COMPANY = "large", _("Large company")
    PUBLIC_AUTHORITY = "public", _("Public authority")
    CIVIL_SOCIETY = "civil", _("Civil-society organisation")
    NGO = "ngo", _("NGO")
    RESEARCH = "research", _("University or research centre")
    OTHER = "other", _("Other")


class Organisation(models.Model):
    """A regional stakeholder: a business, authority or NGO the alliance works with."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    type = models.CharField(_("type"), max_length=10, choices=OrganisationType.choices)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="organisations", verbose_name=_("region")
    )
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    partner_institution = models.ForeignKey(
        Institution,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="stakeholders",
        verbose_name=_("partner institution"),
        help_text=_("The partner institution this organisation works with most closely."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("alliance:organisation", args=[self.slug])

    @property
    def owning_institution_id(self) -> int | None:
        return self.partner_institution_id


class GovernanceBodyKind(models.TextChoices):
    BOARD = "board", _("Alliance board")
    ACADEMIC_COUNCIL = "academic", _("Academic council")
    STUDENT_FORUM = "students", _("Student forum")
    STAKEHOLDER_FORUM = "stakeholders", _("Stakeholder forum")
    WORKING_GROUP = "working", _("Working group")
    OTHER = "other", _("Other body")


class GovernanceBody(models.Model):
    """A body that governs or advises the alliance."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=GovernanceBodyKind.choices)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("governance body")
        verbose_name_plural = _("governance bodies")

    def __str__(self) -> str:
        return self.name


class MembershipRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice-chair")
    SECRETARY = "secretary", _("Secretary")
    MEMBER = "member", _("Member")
    OBSERVER = "observer", _("Observer")


class Membership(models.Model):
    """A person's seat in a governance body, from start to (optional) end."""

    body = models.ForeignKey(
        GovernanceBody, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("body")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="governance_memberships",
        verbose_name=_("person"),
    )
    role = models.CharField(_("role"), max_length=12, choices=MembershipRole.choices)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)

    class Meta:
        ordering = ["body", "role", "start"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["body", "person", "start"], name="membership_unique_start"
            ),
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
                name="membership_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_role_display()} ({self.body})"
