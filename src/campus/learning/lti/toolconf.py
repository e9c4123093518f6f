"""pylti1p3's tool configuration, read from the campus's own tables: an active platform
registration (issuer + client id) with the tool's active key, and its active deployments."""

from __future__ import annotations

from pylti1p3.deployment import Deployment
from pylti1p3.exception import LtiException
from pylti1p3.registration import Registration
from pylti1p3.tool_config.abstract import ToolConfAbstract

from . import keys
from .models import LtiDeployment, LtiPlatform


def platform_of(iss: str, client_id: str | None) -> LtiPlatform | None:
    """The active registration of an issuer (and client id; without one, the issuer's only)."""
    found = list(LtiPlatform.objects.filter(issuer=iss, active=True))
    if client_id:
        found = [p for p in found if p.client_id == client_id]
    return found[0] if len(found) == 1 else None


def registration_of(platform: LtiPlatform) -> Registration:
    key = keys.active_key()
    return (
        Registration()
        .set_issuer(platform.issuer)
        .set_client_id(platform.client_id)
        .set_auth_login_url(platform.auth_login_url)
        .set_auth_token_url(platform.auth_token_url)
        .set_auth_audience(platform.auth_audience or None)  # type: ignore[arg-type]
        .set_key_set_url(platform.key_set_url)
        .set_key_set(None)
        .set_tool_private_key(keys.private_pem(key))
        .set_tool_public_key(key.public_pem)
    )


class CampusToolConf(ToolConfAbstract):
    """Many client ids per issuer (one platform may register the campus several times)."""

    def __init__(self) -> None:
        super().__init__()
        self.platform: LtiPlatform | None = None

    def check_iss_has_one_client(self, iss: str) -> bool:
        return False

    def check_iss_has_many_clients(self, iss: str) -> bool:
        return True

    def find_registration_by_issuer(self, iss, *args, **kwargs):
        return self.find_registration_by_params(iss, None, *args, **kwargs)

    def find_registration_by_params(self, iss, client_id, *args, **kwargs):
        platform = platform_of(iss, client_id)
        if platform is None:
            raise LtiException(f"unknown platform: iss {iss}, client_id {client_id}")
        self.platform = platform
        return registration_of(platform)

    def find_deployment(self, iss, deployment_id):
        return None

    def find_deployment_by_params(self, iss, deployment_id, client_id, *args, **kwargs):
        platform = platform_of(iss, client_id)
        if platform is None:
            return None
        if not LtiDeployment.objects.filter(
            platform=platform, deployment_id=deployment_id, active=True
        ).exists():
            return None
        return Deployment().set_deployment_id(deployment_id)
