"""pylti1p3, wired to the campus: the tool configuration from the campus's tables, launch
state in the Django cache (DjangoCacheDataStorage, so that a launch from inside another
site's iframe needs no campus session cookie), nonces that can be used once, and outbound
requests only through ``outbound.PlatformSession``.

Everything of the protocol (state, nonce, the id_token's signature against the platform's
key set, the deployment, the message's required claims, the deep-linking response JWT, the
AGS token and score) is the library's; the campus adds what the library leaves open.
"""

from __future__ import annotations

from pylti1p3.contrib.django import DjangoCacheDataStorage, DjangoMessageLaunch, DjangoOIDCLogin
from pylti1p3.contrib.django.session import DjangoSessionService

from .outbound import PlatformSession, hosts_of
from .toolconf import CampusToolConf


class OnceNonceSessionService(DjangoSessionService):
    """The library's nonce check only asks whether the nonce was issued; a replayed id_token
    would pass it again. Here a nonce is taken out of the store as it is checked: the cache's
    delete says whether it was there, so two requests racing with one nonce cannot both win."""

    def check_nonce(self, nonce: str) -> bool:
        storage = self.data_storage
        key = self._get_key("nonce", nonce)
        if isinstance(storage, DjangoCacheDataStorage):
            return bool(storage._get_cache().delete(storage._prepare_key(key)))
        return super().check_nonce(nonce)  # pragma: no cover - the campus always uses the cache


class LazyPlatformSession(PlatformSession):
    """Bound to the platform the tool configuration found for this launch (known only once the
    id_token's issuer and audience are read)."""

    def __init__(self, conf: CampusToolConf):
        super().__init__(set())
        self.conf = conf

    def request(self, method, url, *args, **kwargs):  # type: ignore[override]
        platform = self.conf.platform
        self.hosts = hosts_of(platform.key_set_url, platform.auth_token_url) if platform else set()
        return super().request(method, url, *args, **kwargs)


def storage() -> DjangoCacheDataStorage:
    return DjangoCacheDataStorage(cache_name="default")


def oidc_login(request) -> tuple[DjangoOIDCLogin, CampusToolConf]:
    conf = CampusToolConf()
    login = DjangoOIDCLogin(
        request,
        conf,
        session_service=OnceNonceSessionService(request),
        launch_data_storage=storage(),
    )
    return login, conf


def message_launch(request) -> tuple[DjangoMessageLaunch, CampusToolConf]:
    conf = CampusToolConf()
    launch = DjangoMessageLaunch(
        request,
        conf,
        session_service=OnceNonceSessionService(request),
        launch_data_storage=storage(),
        requests_session=LazyPlatformSession(conf),
    )
    return launch, conf


def restored_launch(request, launch_id: str) -> tuple[DjangoMessageLaunch, CampusToolConf]:
    """A launch validated earlier, read back from the cache by its id (for deep linking)."""
    conf = CampusToolConf()
    launch = DjangoMessageLaunch.from_cache(
        launch_id,
        request,
        conf,
        session_service=OnceNonceSessionService(request),
        launch_data_storage=storage(),
        requests_session=LazyPlatformSession(conf),
    )
    return launch, conf
