"""Knowledge and technology transfer: a stakeholder's question or request for expertise,
addressed to one chosen expert or routed to the best-matching ones, each invited expert's
answer to the invitation, the accepted expert's answer and the stakeholder's rating."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TransferState(models.TextChoices):
    OPEN = "open", _("Open")
    ACCEPTED = "accepted", _("Accepted")
    ANSWERED = "answered", _("Answered")
    RATED = "rated", _("Rated")
    DECLINED = "declined", _("Declined by all")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class InvitationState(models.TextChoices):
    INVITED = "invited", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    CLOSED = "closed", _("Closed")


class TransferRequest(models.Model):
    """A stakeholder's question or request for expertise to the alliance's experts."""

    stakeholder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="transfer_requests",
        verbose_name=_("stakeholder"),
    )
    organisation = models.ForeignKey(
        "alliance.Organisation",
        on_delete=models.PROTECT,
        related_name="transfer_requests",
        verbose_name=_("organisation"),
    )
    title = models.CharField(_("title"), max_length=200)
    question = models.TextField(_("question"), max_length=5000)
    topics = models.ManyToManyField(
        "research.Topic", blank=True, related_name="transfer_requests", verbose_name=_("topics")
    )
    skills = models.ManyToManyField(
        "skills.Skill", blank=True, related_name="transfer_requests", verbose_name=_("ESCO skills")
    )
    wished_by = models.DateField(_("answer wished by"), null=True, blank=True)
    # True when the stakeholder chose the expert; False when the campus routed it.
    chosen = models.BooleanField(_("expert chosen by the stakeholder"), default=False)
    state = models.CharField(
        _("state"), max_length=10, choices=TransferState.choices, default=TransferState.OPEN
    )
    expert = models.ForeignKey(
        "research.ExpertProfile",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transfers_taken",
        verbose_name=_("expert"),
    )
    answer = models.TextField(_("answer"), max_length=10000, blank=True)
    answer_link = models.URLField(_("link"), max_length=500, blank=True)
    rating = models.PositiveSmallIntegerField(
        _("rating"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    rating_comment = models.CharField(_("comment"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("asked"), default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=TransferState.values),
                name="transferrequest_state_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="transferrequest_rating_1_to_5",
            ),
            # Accepted, answered and rated requests have their expert.
            models.CheckConstraint(
                condition=~models.Q(state__in=["accepted", "answered", "rated"])
                | models.Q(expert__isnull=False),
                name="transferrequest_taken_has_expert",
            ),
        ]
        verbose_name = _("knowledge-transfer request")
        verbose_name_plural = _("knowledge-transfer requests")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("research:transfer", args=[self.pk])

    @property
    def owning_institution_id(self) -> None:
        return None


class TransferInvitation(models.Model):
    """One expert addressed by a request, and what they said."""

    request = models.ForeignKey(
        TransferRequest, on_delete=models.CASCADE, related_name="invitations"
    )
    profile = models.ForeignKey(
        "research.ExpertProfile", on_delete=models.CASCADE, related_name="transfer_invitations"
    )
    # Why the campus chose this expert: {"skills": [ESCO URIs], "topics": [slugs]} shared with
    # the request (empty when the stakeholder chose them); shown in the reader's language.
    match = models.JSONField(_("why this expert"), default=dict, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=InvitationState.choices, default=InvitationState.INVITED
    )
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["request", "profile"], name="transferinvitation_once"),
            # At most one expert takes a request.
            models.UniqueConstraint(
                fields=["request"],
                condition=models.Q(state="accepted"),
                name="transferinvitation_one_accepted",
            ),
        ]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.profile_id} ← {self.request_id} ({self.state})"
