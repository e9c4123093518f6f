"""The tool's endpoints: OIDC login initiation, the launch, the deep-linking picker and its
signed answer, the public key set. Launches come as cross-site form posts from the platform,
so /lti/login and /lti/launch carry no CSRF token: the OIDC state (a cookie set at login)
and the single-use nonce in the signed id_token are what bind the launch to this browser."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET
from pylti1p3.deep_link_resource import DeepLinkResource
from pylti1p3.exception import LtiException, OIDCException
from requests.exceptions import RequestException

from campus.catalog.models import Run
from campus.learning.permissions import may_learn, may_teach

from . import keys, protocol, selectors, services
from .models import LtiAccount, LtiResourceLink

log = logging.getLogger(__name__)


def _launch_url() -> str:
    return settings.CAMPUS_PUBLIC_URL + reverse("lti:launch")


def _refused(request, message: str, status: int = 403):
    return render(request, "lti/refused.html", {"message": message}, status=status)


@csrf_exempt
def oidc_login(request):
    """The platform's third-party-initiated login: answer with a redirect to its
    authorisation endpoint, a state cookie and a nonce (all made by the library)."""
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    oidc, _conf = protocol.oidc_login(request)
    try:
        return oidc.redirect(_launch_url())
    except (LtiException, OIDCException) as exc:
        log.warning("LTI login refused: %s", exc)
        return _refused(request, _("This platform is not registered with the campus."), status=400)


def _sign_in(request, person) -> None:
    login(request, person, backend="django.contrib.auth.backends.ModelBackend")


@csrf_exempt
def launch(request):
    """The signed id_token: validated by the library; the campus then signs the person in and
    opens the run (or the deep-linking picker)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.POST.get("id_token") or not request.POST.get("state"):
        log.warning("LTI launch refused: no id_token or state")
        return _refused(request, _("This launch is incomplete."), status=400)
    try:
        # Over HTTPS the launch state is keyed by the library's own session cookie; a
        # launch without it is refused as it is being set up.
        message, conf = protocol.message_launch(request)
        claims = message.get_launch_data()
    except (LtiException, OIDCException) as exc:
        log.warning("LTI launch refused: %s", exc)
        return _refused(
            request,
            _(
                "This launch could not be verified: it may have expired or been used already. "
                "Open the activity again from your learning platform."
            ),
        )
    try:
        outcome = services.launch_accept(platform=conf.platform, claims=dict(claims))
    except ValidationError as exc:
        log.warning("LTI launch refused by the campus: %s", exc.messages)
        return _refused(request, " ".join(exc.messages))
    _sign_in(request, outcome.person)
    if outcome.state == "deep_linking":
        return redirect(reverse("lti:deep_link") + "?launch=" + message.get_launch_id())
    if outcome.run is not None and (
        outcome.state == "enrolled"
        or (outcome.state == "teaching" and may_learn(outcome.person, outcome.run))
    ):
        return redirect("learning:space", run_id=outcome.run.pk)
    status = {"full": 409, "blocked": 409, "unlinked": 404}.get(outcome.state, 200)
    return render(request, "lti/outcome.html", {"outcome": outcome}, status=status)


def _deep_link_launch(request):
    launch_id = request.GET.get("launch") or request.POST.get("launch") or ""
    if not launch_id.startswith("lti1p3-launch-") or len(launch_id) > 100:
        raise LtiException("no launch id")
    message, conf = protocol.restored_launch(request, launch_id)
    if not message.is_deep_link_launch():
        raise LtiException("not a deep-linking launch")
    claims = message.get_launch_data()
    account = LtiAccount.objects.filter(platform=conf.platform, sub=claims.get("sub")).first()
    if account is None or not request.user.is_authenticated or account.person_id != request.user.pk:
        raise PermissionDenied(_("This deep-linking request was started by someone else."))
    return message, conf, launch_id


def deep_link(request):
    """Pick a campus run to place in the platform; answered with a signed
    LtiDeepLinkingResponse posted back to the platform."""
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    try:
        message, conf, launch_id = _deep_link_launch(request)
    except LtiException as exc:
        log.warning("LTI deep linking refused: %s", exc)
        return _refused(request, _("This deep-linking request has expired."), status=400)
    runs = selectors.runs_to_link(request.user, conf.platform)
    if request.method == "GET":
        return render(request, "lti/deep_link.html", {"runs": runs, "launch_id": launch_id})
    wanted = request.POST.get("run", "")
    run = runs.filter(pk=int(wanted)).first() if wanted.isdigit() else None
    if run is None:
        return render(
            request,
            "lti/deep_link.html",
            {"runs": runs, "launch_id": launch_id, "error": _("Choose one of these runs.")},
            status=400,
        )
    resource = (
        DeepLinkResource()
        .set_type("ltiResourceLink")
        .set_title(f"{run.course.title} ({run.label})")
        .set_url(_launch_url())
        .set_custom_params({services.RUN_PARAM: str(run.pk)})
    )
    link = message.get_deep_link()
    token = link.get_response_jwt([resource])
    return_url = message.get_launch_data()[
        "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"
    ]["deep_link_return_url"]
    log.info("LTI deep link: run %s placed in %s", run.pk, conf.platform)
    return render(
        request, "lti/deep_link_answer.html", {"jwt": token, "return_url": return_url, "run": run}
    )


@require_GET
def jwks(request):
    """The tool's public keys (JWK Set), for platforms to verify what the tool signs."""
    response = JsonResponse(keys.key_set())
    response["Cache-Control"] = "public, max-age=3600"
    return response


@login_required
@require_GET
def run_links(request, run_id: int):
    """The partner platforms' places that open a run, for its teachers."""
    run = get_object_or_404(Run.objects.select_related("course"), pk=run_id)
    if not may_teach(request.user, run):
        raise PermissionDenied(_("Only the run's teachers see where partner platforms open it."))
    return render(request, "lti/run_links.html", {"run": run, "links": selectors.links_of(run)})


@login_required
@require_GET
def roster(request, link_id: int):
    """The members of a partner platform's course, read from the platform (NRPS), beside
    their campus accounts and enrolments."""
    link = get_object_or_404(
        LtiResourceLink.objects.select_related("platform", "run__course"), pk=link_id
    )
    error, status, members = None, 200, []
    try:
        members = services.roster_read(link=link, by=request.user)
    except ValidationError as exc:
        error = " ".join(exc.messages)
    except (LtiException, RequestException) as exc:
        log.warning("LTI roster of link %s could not be read: %s", link.pk, exc)
        error, status = _("The platform did not answer with its roster. Try again later."), 502
    return render(
        request,
        "lti/roster.html",
        {"link": link, "run": link.run, "members": members, "error": error},
        status=status,
    )
