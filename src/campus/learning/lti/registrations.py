"""Registering partner platforms (LMSs) and their deployments: the back office's writes, each
in a transaction, checked and audited by the permission rules (alliance administrators)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from campus.permissions import Action, require

from .models import LtiDeployment, LtiPlatform

PLATFORM_FIELDS = frozenset(
    {
        "name",
        "issuer",
        "client_id",
        "auth_login_url",
        "auth_token_url",
        "auth_audience",
        "key_set_url",
        "institution",
        "match_by_email",
        "active",
    }
)


def _fields(fields: dict[str, Any], allowed: frozenset[str]) -> dict[str, Any]:
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(
            _("These fields cannot be set here: %(f)s.") % {"f": ", ".join(sorted(unknown))}
        )
    return fields


@transaction.atomic
def platform_create(*, by, **fields: Any) -> LtiPlatform:
    require(by, Action.CREATE, LtiPlatform)
    platform = LtiPlatform(**_fields(fields, PLATFORM_FIELDS))
    platform.full_clean()
    platform.save()
    return platform


@transaction.atomic
def platform_update(*, platform: LtiPlatform, by, **fields: Any) -> LtiPlatform:
    platform = LtiPlatform.objects.select_for_update().get(pk=platform.pk)
    require(by, Action.CHANGE, platform)
    for name, value in _fields(fields, PLATFORM_FIELDS).items():
        setattr(platform, name, value)
    platform.full_clean()
    platform.save()
    return platform


@transaction.atomic
def platform_delete(*, platform: LtiPlatform, by) -> None:
    """A platform that has launched someone is switched off, not deleted: its launches and
    accounts are the record of who came from where."""
    platform = LtiPlatform.objects.select_for_update().get(pk=platform.pk)
    require(by, Action.DELETE, platform)
    if platform.launches.exists():
        raise ValidationError(
            _("This platform has launched people; switch it off (active) instead of deleting it.")
        )
    platform.delete()


@transaction.atomic
def deployment_create(*, by, platform: LtiPlatform, deployment_id: str, active: bool = True):
    require(by, Action.CHANGE, platform)
    deployment = LtiDeployment(platform=platform, deployment_id=deployment_id, active=active)
    deployment.full_clean()
    deployment.save()
    return deployment


@transaction.atomic
def deployment_update(*, deployment: LtiDeployment, by, **fields: Any) -> LtiDeployment:
    deployment = LtiDeployment.objects.select_for_update().get(pk=deployment.pk)
    require(by, Action.CHANGE, deployment.platform)
    for name, value in _fields(fields, frozenset({"deployment_id", "active"})).items():
        setattr(deployment, name, value)
    deployment.full_clean()
    deployment.save()
    return deployment


@transaction.atomic
def deployment_delete(*, deployment: LtiDeployment, by) -> None:
    require(by, Action.CHANGE, deployment.platform)
    deployment.delete()
