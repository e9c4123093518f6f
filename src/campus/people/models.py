"""People of the campus: one account per person (e-mail login), their affiliations
(roles at an institution or organisation, granted by someone who may), languages, skills
and API tokens."""

from functools import cached_property

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    STUDENT = "student", _("Student")
    LIFELONG_LEARNER = "learner", _("Lifelong learner")
    LECTURER = "lecturer", _("Lecturer")
    RESEARCHER = "researcher", _("Researcher")
    STAFF = "staff", _("Staff")
    STAKEHOLDER = "stakeholder", _("Stakeholder representative")
    COORDINATOR = "coordinator", _("Institution coordinator")
    ADMIN = "admin", _("Alliance administrator")


# Roles a person may ask for at sign-up; coordinators and administrators are appointed.
SELF_SERVICE_ROLES = (
    Role.STUDENT,
    Role.LIFELONG_LEARNER,
    Role.LECTURER,
    Role.RESEARCHER,
    Role.STAFF,
    Role.STAKEHOLDER,
)

# Roles held at an institution, and the one held at an organisation.
INSTITUTION_ROLES = frozenset(
    {Role.STUDENT, Role.LECTURER, Role.RESEARCHER, Role.STAFF, Role.COORDINATOR}
)
ORGANISATION_ROLES = frozenset({Role.STAKEHOLDER})


class AffiliationState(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")
    REVOKED = "revoked", _("Revoked")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("Alliance members only")
    PRIVATE = "private", _("Private")


class CEFRLevel(models.TextChoices):
    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"
    C2 = "C2", "C2"
    NATIVE = "native", _("Native")


class Proficiency(models.IntegerChoices):
    BASIC = 1, _("Basic")
    INTERMEDIATE = 2, _("Intermediate")
    ADVANCED = 3, _("Advanced")
    EXPERT = 4, _("Expert")


class Touched(models.Model):
    """A row that says when it last changed (``updated_at``), whichever way it was written:
    a full save, a save of some fields, or a queryset's update. What readers that keep these
    rows in memory compare (the expert finder keeps people's visibility, research.expert_search).
    Writing only ``UNTOUCHED`` fields (a sign-in's ``last_login``) leaves it alone."""

    UNTOUCHED = frozenset({"last_login"})

    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        fields = kwargs.get("update_fields")
        if fields is not None and set(fields) - self.UNTOUCHED:
            kwargs["update_fields"] = {*fields, "updated_at"}
        super().save(*args, **kwargs)


class TouchingQuerySet(models.QuerySet):
    """Its ``update`` also sets ``updated_at`` (see ``Touched``)."""

    def update(self, **kwargs):
        # (A migration's historical model may predate the field.)
        touched = any(f.name == "updated_at" for f in self.model._meta.concrete_fields)
        if touched and set(kwargs) - Touched.UNTOUCHED - {"updated_at"}:
            kwargs.setdefault("updated_at", timezone.now())
        return super().update(**kwargs)


class PersonQuerySet(TouchingQuerySet):
    def holding(self, *roles: str) -> "PersonQuerySet":
        """People with a granted affiliation in one of these roles."""
        return self.filter(
            affiliations__role__in=roles, affiliations__state=AffiliationState.GRANTED
        ).distinct()


class PersonManager(BaseUserManager.from_queryset(PersonQuerySet)):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        person = self.model(email=self.normalize_email(email).lower(), **extra)
        person.set_password(password)
        person.save(using=self._db)
        return person

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        person = self.create_user(email, password, **extra)
        # Whoever may run createsuperuser is the alliance's first administrator.
        Affiliation.objects.create(
            person=person,
            role=Role.ADMIN,
            state=AffiliationState.GRANTED,
            decided_at=timezone.now(),
            reason="createsuperuser",
        )
        return person


class Gender(models.TextChoices):
    WOMAN = "f", _("Woman")
    MAN = "m", _("Man")
    OTHER = "x", _("Non-binary or another gender")


# Groups that team formation keeps from being alone in a team (CATME's rule).
PROTECTED_GENDERS = [Gender.WOMAN.value, Gender.OTHER.value]


class Person(Touched, AbstractBaseUser, PermissionsMixin):
    """A person on the campus, signing in with their e-mail address."""

    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(_("display name"), max_length=120)
    institution = models.ForeignKey(
        "alliance.Institution",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("home institution"),
    )
    organisation = models.ForeignKey(
        "alliance.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("organisation"),
    )
    themes = models.JSONField(_("themes of interest"), default=list, blank=True)
    hours_per_week = models.PositiveSmallIntegerField(
        _("hours per week available"), default=0, validators=[MaxValueValidator(60)]
    )
    bio = models.TextField(_("short bio"), max_length=1000, blank=True)
    # Self-declared and optional; only the team-formation engine reads it, to avoid leaving
    # someone as the only woman or non-binary person in a team. Nobody else sees it.
    gender = models.CharField(
        _("gender"),
        max_length=1,
        choices=Gender.choices,
        blank=True,
        help_text=_(
            "Optional. Only team formation uses it, so that nobody is the only woman or the "
            "only non-binary person in a team. Nobody else sees it."
        ),
    )
    # The campus language the person reads (pages and e-mail): set from the language they use
    # the site in when they first sign in, and changed on their profile.
    language = models.CharField(
        _("language of the campus and its e-mails"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
    )
    visibility = models.CharField(
        _("profile visibility"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.MEMBERS,
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("may use the back office"), default=False)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects = PersonManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        ordering = ["display_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.display_name or self.email

    def get_full_name(self) -> str:
        return self.display_name

    def get_short_name(self) -> str:
        return self.display_name

    @cached_property
    def granted_affiliations(self) -> tuple[tuple[str, int | None, int | None], ...]:
        """(role, institution id, organisation id) of each granted affiliation, read once."""
        if not self.pk:
            return ()
        return tuple(
            self.affiliations.filter(state=AffiliationState.GRANTED).values_list(
                "role", "institution_id", "organisation_id"
            )
        )

    @property
    def role_codes(self) -> frozenset[str]:
        """The roles the person holds: those of their granted affiliations only."""
        return frozenset(role for role, _i, _o in self.granted_affiliations)

    def has_role(self, role: str) -> bool:
        return role in self.role_codes

    def holds(
        self, role: str, *, institution_id: int | None = None, organisation_id: int | None = None
    ) -> bool:
        """True when a granted affiliation gives this role (at that institution/organisation)."""
        return any(
            r == role
            and (institution_id is None or i == institution_id)
            and (organisation_id is None or o == organisation_id)
            for r, i, o in self.granted_affiliations
        )

    def forget_affiliations(self) -> None:
        """Drop the cached affiliations after they changed."""
        self.__dict__.pop("granted_affiliations", None)

    @property
    def owning_institution_id(self) -> int | None:
        return self.institution_id


class Affiliation(Touched):
    """A role a person holds, or asks to hold, at an institution or organisation.

    Only a granted affiliation gives permissions; each change of state is kept as an
    ``AffiliationEvent`` (who, when, why).
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="affiliations")
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    institution = models.ForeignKey(
        "alliance.Institution",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="affiliations",
        verbose_name=_("institution"),
    )
    organisation = models.ForeignKey(
        "alliance.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="affiliations",
        verbose_name=_("organisation"),
    )
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=AffiliationState.choices,
        default=AffiliationState.REQUESTED,
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    decided_by = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)

    objects = TouchingQuerySet.as_manager()

    class Meta:
        ordering = ["requested_at", "pk"]
        indexes = [models.Index(fields=["state", "role"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=AffiliationState.values),
                name="affiliation_state_valid",
            ),
        ]
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")

    def __str__(self) -> str:
        where = self.institution or self.organisation
        return f"{self.get_role_display()}, {where}" if where else self.get_role_display()

    @property
    def owning_institution_id(self) -> int | None:
        return self.institution_id

    @property
    def place(self):
        """Where the role is held: the institution or the organisation (or None)."""
        return self.institution or self.organisation


class AffiliationEvent(models.Model):
    """One step in an affiliation's life: the audit of who decided what, when and why."""

    affiliation = models.ForeignKey(Affiliation, on_delete=models.CASCADE, related_name="events")
    state = models.CharField(_("state"), max_length=10, choices=AffiliationState.choices)
    by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    reason = models.CharField(_("reason"), max_length=500, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("affiliation event")
        verbose_name_plural = _("affiliation events")

    def __str__(self) -> str:
        return f"{self.affiliation}: {self.state}"


class PersonLanguage(models.Model):
    """A language a person speaks, at a CEFR level (ISO 639-1 code)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(_("language"), max_length=3)
    level = models.CharField(_("level"), max_length=6, choices=CEFRLevel.choices)

    class Meta:
        ordering = ["language"]
        constraints = [
            models.UniqueConstraint(fields=["person", "language"], name="personlanguage_unique"),
            models.CheckConstraint(
                condition=models.Q(level__in=CEFRLevel.values), name="personlanguage_level_valid"
            ),
        ]
        verbose_name = _("language")
        verbose_name_plural = _("languages")

    def __str__(self) -> str:
        return f"{self.language} {self.level}"


class PersonSkill(models.Model):
    """A skill a person holds, at a proficiency from 1 (basic) to 4 (expert)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="skills")
    skill = models.ForeignKey("skills.Skill", on_delete=models.CASCADE, related_name="holders")
    proficiency = models.PositiveSmallIntegerField(
        _("proficiency"),
        choices=Proficiency.choices,
        default=Proficiency.INTERMEDIATE,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
    )

    class Meta:
        ordering = ["skill__label"]
        constraints = [
            models.UniqueConstraint(fields=["person", "skill"], name="personskill_unique"),
            models.CheckConstraint(
                condition=models.Q(proficiency__gte=1, proficiency__lte=4),
                name="personskill_proficiency_range",
            ),
        ]
        verbose_name = _("skill held")
        verbose_name_plural = _("skills held")

    def __str__(self) -> str:
        return f"{self.skill} ({self.proficiency})"


class ApiToken(models.Model):
    """A personal API token; only its SHA-256 digest is stored."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, unique=True)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class Notification(models.Model):
    """A message for a person in the campus (also sent by e-mail when it matters).

    It is stored untranslated — the message id (an English text with ``%(name)s``
    placeholders) and its params as JSON — and rendered in the reader's language each time
    it is read (see ``text``). ``message`` keeps the English rendering (for the back office
    and searches), and for notifications older than that the text as it was sent.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="notifications")
    message = models.CharField(_("message"), max_length=300)
    message_id = models.CharField(_("message id"), max_length=300, blank=True)
    params = models.JSONField(_("message params"), default=dict, blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["person", "read_at"])]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        """The message in the active language (older notifications: as they were sent)."""
        from .notifications import render

        if not self.message_id:
            return self.message
        return render(self.message_id, self.params, fallback=self.message)
