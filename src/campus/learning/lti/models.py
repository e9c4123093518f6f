"""The campus as an LTI 1.3 tool: partner platforms' registrations and deployments, the
tool's own RSA key, who launched what, and where a platform wants its grades.

No token is ever stored: a launch is logged by who (the platform's ``sub`` and the campus
person it maps to), which run and when.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LtiPlatform(models.Model):
    """A partner LMS registered with the campus (issuer + client id, its endpoints)."""

    name = models.CharField(_("name"), max_length=120)
    issuer = models.URLField(_("issuer"), max_length=255)
    client_id = models.CharField(_("client id"), max_length=255)
    auth_login_url = models.URLField(_("OIDC authorisation URL"), max_length=500)
    auth_token_url = models.URLField(_("OAuth 2 token URL"), max_length=500)
    auth_audience = models.CharField(_("token audience"), max_length=500, blank=True)
    key_set_url = models.URLField(_("key set (JWKS) URL"), max_length=500)
    institution = models.ForeignKey(
        "alliance.Institution",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lti_platforms",
        verbose_name=_("partner institution"),
    )
    match_by_email = models.BooleanField(
        _("match people by verified e-mail address"),
        default=False,
        help_text=_(
            "Only for a platform the institution runs itself: a launch's e-mail address then "
            "signs in the campus person who verified that address."
        ),
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["issuer", "client_id"], name="lti_platform_unique")
        ]
        verbose_name = _("LTI platform")
        verbose_name_plural = _("LTI platforms")

    def __str__(self) -> str:
        return self.name


class LtiDeployment(models.Model):
    """One deployment of the campus tool in a platform (the id_token's deployment_id)."""

    platform = models.ForeignKey(LtiPlatform, on_delete=models.CASCADE, related_name="deployments")
    deployment_id = models.CharField(_("deployment id"), max_length=255)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["platform", "deployment_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "deployment_id"], name="lti_deployment_unique"
            )
        ]
        verbose_name = _("LTI deployment")
        verbose_name_plural = _("LTI deployments")

    def __str__(self) -> str:
        return f"{self.platform}: {self.deployment_id}"


class LtiToolKey(models.Model):
    """The campus tool's RSA key (LTI signs with RS256); the private half is Fernet-encrypted
    with CAMPUS_CREDENTIALS_KEY (or a key derived from the secret key in development)."""

    kid = models.CharField(_("key id"), max_length=100, unique=True)
    public_jwk = models.JSONField(_("public key (JWK)"))
    public_pem = models.TextField(_("public key (PEM)"))
    private_key_encrypted = models.BinaryField(editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["retired_at"],
                condition=models.Q(retired_at__isnull=True),
                name="lti_one_active_key",
            )
        ]
        verbose_name = _("LTI tool key")
        verbose_name_plural = _("LTI tool keys")

    def __str__(self) -> str:
        return self.kid


class LtiAccount(models.Model):
    """Which campus person a platform's user (its ``sub``) is."""

    platform = models.ForeignKey(LtiPlatform, on_delete=models.CASCADE, related_name="accounts")
    sub = models.CharField(_("platform user id"), max_length=255)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lti_accounts"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["platform", "sub"], name="lti_account_unique")
        ]
        verbose_name = _("LTI account")
        verbose_name_plural = _("LTI accounts")

    def __str__(self) -> str:
        return f"{self.platform}: {self.sub}"


class LtiResourceLink(models.Model):
    """A platform's resource link (a placement in one of its courses), opening a campus run."""

    platform = models.ForeignKey(
        LtiPlatform, on_delete=models.CASCADE, related_name="resource_links"
    )
    resource_link_id = models.CharField(_("resource link id"), max_length=255)
    run = models.ForeignKey(
        "catalog.Run", on_delete=models.CASCADE, related_name="lti_resource_links"
    )
    title = models.CharField(_("title"), max_length=255, blank=True)
    # Names and Role Provisioning Services: where the platform lists the members of the
    # course the link sits in (from the latest launch that named it).
    memberships_url = models.URLField(_("course memberships URL"), max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "resource_link_id"], name="lti_resource_link_unique"
            )
        ]
        verbose_name = _("LTI resource link")
        verbose_name_plural = _("LTI resource links")

    def __str__(self) -> str:
        return f"{self.platform}: {self.resource_link_id} → {self.run}"


class LtiLineItem(models.Model):
    """Where a platform takes the scores of a resource link (its AGS endpoint claim)."""

    resource_link = models.ForeignKey(
        LtiResourceLink, on_delete=models.CASCADE, related_name="line_items"
    )
    url = models.URLField(_("line item URL"), max_length=500)
    lineitems_url = models.URLField(_("line items URL"), max_length=500, blank=True)
    scopes = models.JSONField(_("scopes"), default=list)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["resource_link", "url"], name="lti_line_item_unique")
        ]
        verbose_name = _("LTI line item")
        verbose_name_plural = _("LTI line items")

    def __str__(self) -> str:
        return self.url


class LtiLaunch(models.Model):
    """One accepted launch: who, from where, into which run, when. No tokens."""

    platform = models.ForeignKey(LtiPlatform, on_delete=models.CASCADE, related_name="launches")
    deployment = models.ForeignKey(LtiDeployment, on_delete=models.CASCADE, related_name="launches")
    sub = models.CharField(_("platform user id"), max_length=255)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lti_launches"
    )
    run = models.ForeignKey(
        "catalog.Run",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="lti_launches",
    )
    resource_link = models.ForeignKey(
        LtiResourceLink,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="launches",
    )
    line_item = models.ForeignKey(
        LtiLineItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="launches"
    )
    message_type = models.CharField(_("message type"), max_length=40)
    roles = models.JSONField(_("roles"), default=list)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["person", "run"])]
        verbose_name = _("LTI launch")
        verbose_name_plural = _("LTI launches")

    def __str__(self) -> str:
        return f"{self.platform}: {self.sub} at {self.at:%Y-%m-%d %H:%M}"
