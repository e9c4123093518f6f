"""The research hub: transversal topics, expert profiles (built on people's profiles) with their
outputs, shared research agendas with members and join requests, and the audit of each step."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campus.alliance.models import Theme
from campus.skills.models import reader_language

from .identifiers import doi_normalise, orcid_normalise

LANGUAGE_CODES = frozenset(code for code, _name in settings.LANGUAGES)


def validate_orcid(value: str) -> None:
    if value and orcid_normalise(value) is None:
        raise ValidationError(
            _(
                "“%(value)s” is not an ORCID iD: its check digit is wrong or its form is not "
                "0000-0000-0000-000X."
            ),
            code="orcid",
            params={"value": value},
        )


def validate_doi(value: str) -> None:
    if value and doi_normalise(value) is None:
        raise ValidationError(
            _("“%(value)s” is not a DOI (it looks like 10.1234/abc)."),
            code="doi",
            params={"value": value},
        )


class Topic(models.Model):
    """A transversal topic that experts, agendas, challenges and courses gather around."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    # {"en": "Climate adaptation", "nl": "Klimaatadaptatie", ...}; English is required.
    names = models.JSONField(_("names per language"), default=dict)
    description = models.TextField(_("description"), blank=True)
    # The alliance theme the topic belongs to: its page lists the courses and links the
    # challenges of that theme (research does not import challenges; the board's filter does).
    theme = models.CharField(_("alliance theme"), max_length=12, choices=Theme.choices, blank=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("research:topic", args=[self.slug])

    def clean(self) -> None:
        names = self.names if isinstance(self.names, dict) else {}
        if not str(names.get("en", "")).strip():
            raise ValidationError({"names": _("A topic needs an English name.")})
        unknown = sorted(set(names) - LANGUAGE_CODES)
        if unknown:
            raise ValidationError(
                {"names": _("Unknown languages: %(codes)s.") % {"codes": ", ".join(unknown)}}
            )

    def name_in(self, language: str) -> str:
        return self.names.get(language) or self.names.get("en") or self.slug

    @property
    def name(self) -> str:
        """The topic's name in the reader's language, else English."""
        return self.name_in(reader_language())


class ExpertProfile(models.Model):
    """What a researcher, lecturer or practitioner offers as an expert; one per person.

    It is shown as far as the person's own profile visibility allows (see selectors).
    """

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="expert_profile",
        verbose_name=_("person"),
    )
    headline = models.CharField(_("headline"), max_length=200, blank=True)
    skills = models.ManyToManyField(
        "skills.Skill", blank=True, related_name="experts", verbose_name=_("ESCO skills")
    )
    keywords = models.JSONField(_("keywords"), default=list, blank=True)
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="experts", verbose_name=_("topics")
    )
    methods = models.JSONField(_("methods"), default=list, blank=True)
    projects = models.JSONField(_("projects"), default=list, blank=True)
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    available_for_challenges = models.BooleanField(_("available for challenges"), default=False)
    available_for_supervision = models.BooleanField(_("available for supervision"), default=False)
    available_for_consultancy = models.BooleanField(_("available for consultancy"), default=False)
    orcid = models.CharField(_("ORCID iD"), max_length=19, blank=True, validators=[validate_orcid])
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        ordering = ["person__display_name", "pk"]
        verbose_name = _("expert profile")
        verbose_name_plural = _("expert profiles")

    def __str__(self) -> str:
        return str(self.person)

    def get_absolute_url(self) -> str:
        return reverse("research:expert", args=[self.pk])

    @property
    def owning_institution_id(self) -> int | None:
        return self.person.institution_id


class OutputType(models.TextChoices):
    ARTICLE = "article", _("Journal article")
    CONFERENCE = "conference", _("Conference paper")
    BOOK = "book", _("Book or chapter")
    REPORT = "report", _("Report")
    DATASET = "dataset", _("Data set")
    SOFTWARE = "software", _("Software")
    OTHER = "other", _("Other")


class ResearchOutput(models.Model):
    """A publication, data set or other output of an expert, with its DOI where it has one."""

    profile = models.ForeignKey(
        ExpertProfile, on_delete=models.CASCADE, related_name="outputs", verbose_name=_("expert")
    )
    doi = models.CharField(_("DOI"), max_length=200, blank=True, validators=[validate_doi])
    title = models.CharField(_("title"), max_length=300)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    type = models.CharField(_("type"), max_length=12, choices=OutputType.choices)

    class Meta:
        ordering = ["-year", "title", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "doi"],
                condition=~models.Q(doi=""),
                name="researchoutput_unique_doi",
            ),
        ]
        verbose_name = _("research output")
        verbose_name_plural = _("research outputs")

    def __str__(self) -> str:
        return self.title

    @property
    def doi_url(self) -> str:
        return f"https://doi.org/{self.doi}" if self.doi else ""


class ResearchAgenda(models.Model):
    """A shared, challenge-based research agenda of a group across institutions."""

    title = models.CharField(_("title"), max_length=200, unique=True)
    aims = models.TextField(_("aims"))
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="agendas", verbose_name=_("topics")
    )
    # Ids of linked challenges: the research app does not import challenges (the layers keep
    # them apart), so the link is kept as plain ids and shown as links to the challenge pages.
    challenge_ids = models.JSONField(_("linked challenges"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["title"]
        verbose_name = _("research agenda")
        verbose_name_plural = _("research agendas")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("research:agenda", args=[self.pk])

    @property
    def owning_institution_id(self) -> None:
        return None  # an agenda belongs to the alliance, not to one institution


class AgendaRole(models.TextChoices):
    LEAD = "lead", _("Lead")
    MEMBER = "member", _("Member")


class AgendaMember(models.Model):
    agenda = models.ForeignKey(ResearchAgenda, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agenda_memberships"
    )
    role = models.CharField(_("role"), max_length=8, choices=AgendaRole.choices)
    joined_at = models.DateTimeField(_("joined"), default=timezone.now)

    class Meta:
        ordering = ["role", "person__display_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["agenda", "person"], name="agendamember_unique"),
            models.CheckConstraint(
                condition=models.Q(role__in=AgendaRole.values), name="agendamember_role_valid"
            ),
        ]
        verbose_name = _("agenda member")
        verbose_name_plural = _("agenda members")

    def __str__(self) -> str:
        return f"{self.person} ({self.role})"


class JoinState(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")


class AgendaJoinRequest(models.Model):
    agenda = models.ForeignKey(
        ResearchAgenda, on_delete=models.CASCADE, related_name="join_requests"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agenda_join_requests"
    )
    message = models.TextField(_("message"), max_length=2000, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=JoinState.choices, default=JoinState.PENDING
    )
    created_at = models.DateTimeField(_("requested"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            # One open request per person and agenda; decided ones stay as history.
            models.UniqueConstraint(
                fields=["agenda", "person"],
                condition=models.Q(state="pending"),
                name="agendajoinrequest_one_pending",
            ),
        ]
        verbose_name = _("join request")
        verbose_name_plural = _("join requests")

    def __str__(self) -> str:
        return f"{self.person} → {self.agenda} ({self.state})"


class ResearchEvent(models.Model):
    """The audit trail of the research hub: who did what, when, to which profile or agenda."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(max_length=40)
    profile = models.ForeignKey(
        ExpertProfile, on_delete=models.SET_NULL, null=True, blank=True, related_name="events"
    )
    agenda = models.ForeignKey(
        ResearchAgenda, on_delete=models.SET_NULL, null=True, blank=True, related_name="events"
    )
    note = models.CharField(max_length=500, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.action} by {self.actor_id} at {self.at:%Y-%m-%d %H:%M}"
