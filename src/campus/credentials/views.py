"""Credential pages: my credentials, a credential's public page and downloads, the verify
page, issuers' pages (issued credentials, status changes, bulk issuance), and the public
documents verifiers need (DID documents, status lists, the campus's JSON-LD context)."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from campus.alliance.models import Institution
from campus.catalog.models import Run
from campus.inputs.confirmation import Confirmation, confirm_first
from campus.inputs.json_limits import JsonRefused, json_loads_bounded
from campus.inputs.refusals import json_refusal_message
from campus.permissions import Action, can, require
from campus.service_errors import apply_service_errors, error_messages

from . import issuers, selectors, services
from .forms import CredentialStatusForm
from .models import IssuanceJob, StatusList, VerificationChannel
from .status import signed_list
from .vc import baking
from .verification import verify

CONTEXT_FILE = Path(__file__).parent / "vc" / "contexts" / "heroes-microcredential-v1.jsonld"
MAX_UPLOAD = 2 * 1024 * 1024
CHECK_TITLES = {
    "shape": gettext_lazy("It is a well-formed Open Badges credential"),
    "contexts": gettext_lazy("Every statement in it is defined and was signed"),
    "proof": gettext_lazy("The signature matches the credential"),
    "issuer": gettext_lazy("The issuer is known and holds the signing key"),
    "status": gettext_lazy("It has not been revoked or suspended"),
    "validity": gettext_lazy("It is within its dates of validity"),
}


def _verification(result, document) -> dict:
    """What the checks partial shows: the rows, and whether the credential has no proof."""
    unsigned = isinstance(document, dict) and not document.get("proof")
    return {"result": result, "checks": _check_rows(result), "unsigned": unsigned}


def _check_rows(result) -> list[dict]:
    return [
        {
            "name": c.check,
            "title": str(CHECK_TITLES.get(c.check, c.check)),
            "ok": c.ok,
            "message": c.message,
        }
        for c in result.checks
    ]


def _json(document: dict, filename: str | None = None) -> HttpResponse:
    response = HttpResponse(
        json.dumps(document, indent=2, ensure_ascii=False), content_type="application/ld+json"
    )
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _filename(credential, ext: str) -> str:
    return f"{slugify(credential.achievement.title)[:60] or 'credential'}-{credential.uid}.{ext}"


def _baked(credential) -> str:
    image = baking.badge_svg(credential.achievement.title, credential.issuer.short_name, "#1d4e89")
    return baking.bake_svg(image, credential.document)


# --- the holder ----------------------------------------------------------------------------


@login_required
@require_GET
def mine(request):
    credentials = list(selectors.held_by(request.user))
    return render(request, "credentials/mine.html", {"credentials": credentials})


@login_required
@require_POST
def share(request, uid):
    credential = selectors.credential_by_uid(uid)
    if credential is None:
        raise Http404
    try:
        services.credential_share(
            credential=credential, by=request.user, shared=request.POST.get("shared") == "1"
        )
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        if credential.shared:
            messages.success(
                request,
                _("%(title)s is shared: anyone with its address can see and verify it.")
                % {"title": credential.achievement.title},
            )
        else:
            messages.success(
                request,
                _("%(title)s is private again.") % {"title": credential.achievement.title},
            )
    return redirect(f"{reverse('credentials:mine')}#credential-{credential.uid}")


@login_required
@require_GET
def export_all(request):
    """Every credential of the holder in one ZIP file: the JSON and the baked badge of each."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for credential in selectors.held_by(request.user):
            archive.writestr(
                _filename(credential, "json"),
                json.dumps(credential.document, indent=2, ensure_ascii=False),
            )
            archive.writestr(_filename(credential, "svg"), _baked(credential))
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="my-credentials.zip"'
    return response


# --- one credential ------------------------------------------------------------------------


def _visible(request, uid):
    credential = selectors.credential_by_uid(uid)
    if credential is None:
        raise Http404
    if not credential.shared and not can(request.user, Action.VIEW, credential):
        raise Http404  # a private credential does not exist for others
    return credential


@require_GET
def public(request, uid):
    credential = _visible(request, uid)
    # Someone who sees it only because it is shared is verifying it; the holder's and the
    # issuer's own looks are not verifications to count.
    asked = not can(request.user, Action.VIEW, credential)
    return _public_page(request, credential, record=asked)


def _public_page(request, credential, *, status_form=None, status=200, record=False):
    address = request.build_absolute_uri(credential.get_absolute_url())
    result = verify(credential.document)
    if record:
        services.verification_record(
            document=credential.document, result=result, channel=VerificationChannel.LINK
        )
    is_holder = request.user.is_authenticated and request.user.pk == credential.person_id
    may_change = can(request.user, Action.APPROVE, credential)
    return render(
        request,
        "credentials/public.html",
        {
            "credential": credential,
            **_verification(result, credential.document),
            "elements": selectors.eu_elements(credential.document),
            "skills": selectors.skills_of(credential.document),
            "address": address,
            "qr": segno.make(address, error="m").svg_inline(
                scale=4, title=_("QR code of this credential's address")
            ),
            "is_holder": is_holder,
            "may_change_status": may_change,
            "status_form": status_form or CredentialStatusForm(state=credential.state),
            # its history is for the holder and the issuer, not for everyone with the link
            "events": credential.events.select_related("actor") if may_change or is_holder else [],
        },
        status=status,
    )


@require_GET
def download_json(request, uid):
    credential = _visible(request, uid)
    return _json(credential.document, _filename(credential, "json"))


@require_GET
def download_svg(request, uid):
    credential = _visible(request, uid)
    response = HttpResponse(_baked(credential), content_type="image/svg+xml")
    response["Content-Disposition"] = f'attachment; filename="{_filename(credential, "svg")}"'
    return response


# --- verifying anything --------------------------------------------------------------------


def _read_submission(request) -> tuple[object | None, str]:
    upload = request.FILES.get("file")
    if upload is not None:
        if upload.size > MAX_UPLOAD:
            return None, _("The file is larger than 2 MB; a credential is much smaller.")
        raw = upload.read()
        if raw.lstrip()[:1] == b"<" or (upload.name or "").lower().endswith(".svg"):
            try:
                return baking.unbake_svg(raw), ""
            except ValueError as error:
                return None, _("This image holds no credential we can read: %(why)s") % {
                    "why": error
                }
        text = raw.decode("utf-8", errors="replace")
    else:
        text = (request.POST.get("credential") or "").strip()
    if not text:
        return None, _("Paste a credential, or choose a JSON file or a baked SVG badge.")
    try:
        return json_loads_bounded(text, max_bytes=MAX_UPLOAD), ""
    except JsonRefused as error:
        return None, json_refusal_message(error)


@require_http_methods(["GET", "POST"])
def verify_page(request):
    context: dict = {"submitted": ""}
    status = 200
    if request.method == "POST":
        document, problem = _read_submission(request)
        context["submitted"] = request.POST.get("credential", "")
        if problem:
            context["problem"] = problem
            status = 400
        else:
            result = verify(document)
            services.verification_record(
                document=document, result=result, channel=VerificationChannel.PAGE
            )
            context.update(_verification(result, document), document=document)
            if isinstance(document, dict):
                context["elements"] = selectors.eu_elements(document)
    return render(request, "credentials/verify.html", context, status=status)


# --- issuers -------------------------------------------------------------------------------


@login_required
@require_GET
def issued(request):
    user = request.user
    if user.institution_id is None or not can(user, Action.CHANGE, user.institution):
        raise PermissionDenied(_("Only an institution's coordinator sees what it issued."))
    query = request.GET.get("q", "").strip()
    page = Paginator(selectors.issued_by_visible_to(user, query), 25).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "credentials/issued.html",
        {
            "page": page,
            "q": query,
            "institution": user.institution,
            "achievements": selectors.achievements_of(user.institution),
        },
    )


def _status_form(request, uid):
    credential = selectors.credential_by_uid(uid)
    if credential is None:
        raise Http404
    data = request.POST if request.method == "POST" else request.GET
    return credential, CredentialStatusForm(data, state=credential.state)


def _revoke_confirmation(request, uid) -> Confirmation | None:
    """Revoking is final, so it is asked first; suspending and reinstating are not."""
    credential, form = _status_form(request, uid)
    if not form.is_valid() or form.cleaned_data["action"] != "revoke":
        return None  # the form's errors, or a change that can be undone
    if not can(request.user, Action.APPROVE, credential):
        raise PermissionDenied(_("Only the issuer changes the status of a credential."))
    return Confirmation(
        title=_("Revoke “%(title)s” of %(name)s?")
        % {"title": credential.achievement.title, "name": credential.person},
        text=_(
            "Revoking is final: the credential can never be reinstated, and everyone who "
            "verifies it from now on is told it is revoked, with your reason:"
        ),
        consequences=[
            form.cleaned_data["reason"].strip(),
            _("Larger credentials stacked on it are revoked too when they no longer hold."),
        ],
        button=_("Revoke the credential"),
        cancel_url=f"{credential.get_absolute_url()}#status-heading",
    )


@login_required
@confirm_first(_revoke_confirmation)
def change_status(request, uid):
    """Suspend, reinstate or (asked first) revoke a credential, with the reason."""
    credential, form = _status_form(request, uid)
    if not form.is_valid():
        return _public_page(request, _visible(request, uid), status_form=form, status=400)
    action, reason = form.cleaned_data["action"], form.cleaned_data["reason"]
    change = {
        "revoke": services.credential_revoke,
        "suspend": services.credential_suspend,
        "reinstate": services.credential_reinstate,
    }[action]
    try:
        change(credential=credential, by=request.user, reason=reason)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(error_messages(error)))
    else:
        messages.success(
            request,
            {
                "revoke": _("The credential is revoked."),
                "suspend": _("The credential is suspended."),
                "reinstate": _("The credential is valid again."),
            }[action],
        )
    return redirect(credential.get_absolute_url())


@login_required
@require_POST
def bulk_issue(request, run_id: int):
    run = get_object_or_404(Run.objects.select_related("course"), pk=run_id)
    try:
        job = services.bulk_issue_start(run=run, by=request.user)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(error_messages(error)))
        return redirect(reverse("catalog:run", args=[run.pk]))
    return redirect(reverse("credentials:job", args=[job.pk]))


def _job(request, pk: int) -> IssuanceJob:
    job = get_object_or_404(IssuanceJob.objects.select_related("run__course"), pk=pk)
    require(request.user, Action.ASSESS, job.run)
    return job


@login_required
@require_GET
def job(request, pk: int):
    job = _job(request, pk)
    template = "credentials/_job_progress.html" if request.htmx else "credentials/job.html"
    return render(request, template, {"job": job})


@login_required
@require_POST
def job_resume(request, pk: int):
    job = _job(request, pk)
    try:
        services.bulk_issue_resume(job=job, by=request.user)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(error_messages(error)))
    return redirect(reverse("credentials:job", args=[job.pk]))


@login_required
@require_POST
def rotate_key(request, slug: str):
    institution = get_object_or_404(Institution, slug=slug)
    try:
        key = services.issuer_key_rotate(institution=institution, by=request.user)
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _(
                "%(institution)s now signs with %(key)s; earlier keys stay published, so "
                "earlier credentials still verify."
            )
            % {"institution": institution.short_name, "key": key.key_id},
        )
    return redirect("credentials:issued")


# --- documents for verifiers ---------------------------------------------------------------


@require_GET
def did_json(request, slug: str):
    institution = get_object_or_404(Institution, slug=slug)
    document = issuers.did_document(institution)
    if document is None:
        return JsonResponse(
            {"detail": _("This institution has not issued any credential yet.")}, status=404
        )
    response = JsonResponse(document)
    response["Content-Type"] = "application/did+json"
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def status_list(request, slug: str, purpose: str, number: int):
    status_list = get_object_or_404(
        StatusList.objects.select_related("institution"),
        institution__slug=slug,
        purpose=purpose,
        number=number,
    )
    response = _json(signed_list(status_list))
    response["Cache-Control"] = "max-age=300"
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def context_document(request):
    response = HttpResponse(CONTEXT_FILE.read_bytes(), content_type="application/ld+json")
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def achievement(request, uid):
    achievement = selectors.achievement_by_uid(uid)
    if achievement is None:
        raise Http404
    return render(
        request,
        "credentials/achievement.html",
        {
            "achievement": achievement,
            "may_edit": can(request.user, Action.CHANGE, achievement),
            "issued": achievement.credentials.count(),
        },
    )


@require_GET
def achievement_image(request, uid):
    achievement = selectors.achievement_by_uid(uid)
    if achievement is None:
        raise Http404
    image = baking.badge_svg(achievement.title, achievement.issuer.short_name, "#1d4e89")
    return HttpResponse(image, content_type="image/svg+xml")


@login_required
@require_http_methods(["GET", "POST"])
def achievement_edit(request, uid):
    from .forms import AchievementForm

    achievement = selectors.achievement_by_uid(uid)
    if achievement is None:
        raise Http404
    require(request.user, Action.CHANGE, achievement)
    form = AchievementForm(request.POST or None, instance=achievement)
    if request.method == "POST" and form.is_valid():
        try:
            services.achievement_update(
                achievement=achievement,
                by=request.user,
                **{name: form.cleaned_data[name] for name in form.Meta.fields},
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Saved. Credentials issued from now on say this; earlier ones stay as signed."),
            )
            return redirect(achievement.get_absolute_url())
    return render(
        request, "credentials/achievement_form.html", {"form": form, "achievement": achievement}
    )
