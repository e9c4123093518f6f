"""Pages of knowledge transfer: asking an expert (or the campus), my requests, requests to me,
and one request with its history and the actions its reader may take."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from campus.alliance.models import Organisation
from campus.inputs.confirmation import Confirmation, back_url, confirm_first
from campus.service_errors import apply_service_errors, error_messages
from campus.skills.models import Skill
from campus.skills.selectors import preferred_labels_prefetch

from . import selectors, transfer, transfer_selectors
from .models import ExpertProfile, Topic
from .transfer_forms import (
    TransferAnswerForm,
    TransferDeclineForm,
    TransferRateForm,
    TransferRequestForm,
)
from .transfer_models import InvitationState, TransferState

# What each audited step reads as in a request's history.
HISTORY_LABELS = {
    "transfer_requested": gettext_lazy("Asked"),
    "transfer_accepted": gettext_lazy("Accepted"),
    "transfer_declined": gettext_lazy("Declined"),
    "transfer_declined_by_all": gettext_lazy("Closed: declined by every expert addressed"),
    "transfer_answered": gettext_lazy("Answered"),
    "transfer_rated": gettext_lazy("Rated"),
    "transfer_withdrawn": gettext_lazy("Withdrawn"),
}


def _skill_choices(user, expert: ExpertProfile | None) -> list[tuple[str, str]]:
    """The chosen expert's skills, or those of the available experts the reader may see."""
    if expert is not None:
        skills = expert.skills.all()
    else:
        profiles = selectors.experts_visible_to(user).filter(available_for_consultancy=True)
        skills = (
            Skill.objects.filter(experts__in=profiles.values("pk"))
            .distinct()
            .prefetch_related(*preferred_labels_prefetch())
        )
    return sorted(((s.uri, s.display_label) for s in skills), key=lambda c: c[1].casefold())


def _askable_expert(request) -> ExpertProfile | None:
    raw = request.POST.get("expert") or request.GET.get("expert")
    if not raw:
        return None
    try:
        pk = int(raw)
    except ValueError:
        raise Http404 from None
    profile = selectors.expert_for(request.user, pk)
    if profile is None or profile.person_id == request.user.pk:
        raise Http404
    return profile


@login_required
def transfer_new(request):
    """Ask one expert (``?expert=<id>``) or let the campus route the question."""
    if not transfer.may_ask(request.user):
        return render(request, "research/transfer_new.html", {"form": None}, status=403)
    expert = _askable_expert(request)
    if expert is not None and not transfer.is_available(expert):
        messages.error(
            request,
            _(
                "This expert is not available for consultancy or challenges at the moment; "
                "ask another one, or let the campus find experts."
            ),
        )
        return redirect(expert)
    organisations = Organisation.objects.filter(
        pk__in=transfer.stakeholder_organisations(request.user)
    ).order_by("name")
    initial = {}
    if expert is not None:
        initial["topics"] = list(expert.topics.all())
    form = TransferRequestForm(
        request.POST or None,
        initial=initial,
        skill_choices=_skill_choices(request.user, expert),
        organisations=organisations,
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                created = transfer.transfer_request_create(
                    by=request.user, expert=expert, **form.service_arguments()
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            except PermissionDenied as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _("Your request is sent to %(name)s.") % {"name": expert.person.display_name}
                    if expert
                    else _("Your request is sent to the experts who match it best."),
                )
                return redirect(created)
        status = 400
    return render(
        request,
        "research/transfer_new.html",
        {"form": form, "expert": expert},
        status=status,
    )


@login_required
def transfers_mine(request):
    return render(
        request,
        "research/transfer_mine.html",
        {
            "requests": transfer_selectors.transfers_asked_by(request.user),
            "may_ask": transfer.may_ask(request.user),
        },
    )


@login_required
def transfers_to_me(request):
    invitations = list(transfer_selectors.invitations_to(request.user))
    return render(
        request,
        "research/transfer_to_me.html",
        {
            "waiting": [i for i in invitations if i.state == InvitationState.INVITED],
            "others": [i for i in invitations if i.state != InvitationState.INVITED],
        },
    )


def _readable(request, pk: int):
    found = transfer_selectors.transfer_for(request.user, pk)
    if found is None:  # missing, or not for this reader: the same answer
        raise Http404
    return found


def _match_text(match: dict) -> list[str]:
    skills = {
        s.uri: s.display_label
        for s in Skill.objects.filter(uri__in=match.get("skills", [])).prefetch_related(
            *preferred_labels_prefetch()
        )
    }
    topics = {t.slug: t.name for t in Topic.objects.filter(slug__in=match.get("topics", []))}
    return [skills.get(u, u) for u in match.get("skills", [])] + [
        topics.get(s, s) for s in match.get("topics", [])
    ]


@login_required
def transfer_detail(request, pk: int):
    return _detail_page(request, _readable(request, pk))


def _detail_page(request, found, *, status: int = 200, **forms):
    """The request page; ``forms`` replace the empty ones (a form sent back with its errors)."""
    user = request.user
    invitation = transfer_selectors.invitation_of(found, user)
    asker = found.stakeholder_id == user.pk
    is_open = found.state == TransferState.OPEN
    taken_by_me = found.expert_id is not None and found.expert.person_id == user.pk
    history = [
        {"event": e, "label": HISTORY_LABELS.get(e.action, e.action)}
        for e in transfer_selectors.transfer_history(found)
    ]
    invitations = [
        {"invitation": i, "matched": _match_text(i.match) if i.match else []}
        for i in found.invitations.all()
    ]
    return render(
        request,
        "research/transfer_detail.html",
        {
            "req": found,
            "asker": asker,
            "invitation": invitation,
            "invitations": invitations,
            "history": history,
            "may_decide": bool(
                invitation and invitation.state == InvitationState.INVITED and is_open
            ),
            "may_answer": taken_by_me and found.state == TransferState.ACCEPTED,
            "may_rate": asker and found.state == TransferState.ANSWERED,
            "may_withdraw": asker and found.state in (TransferState.OPEN, TransferState.ACCEPTED),
            "decline_form": TransferDeclineForm(),
            "answer_form": TransferAnswerForm(),
            "rate_form": TransferRateForm(),
            **forms,
        },
        status=status,
    )


def _act(request, pk: int, act, success: str):
    found = _readable(request, pk)
    try:
        act(found)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(error_messages(error)))
    else:
        messages.success(request, success)
    return redirect("research:transfer", pk=pk)


@login_required
@require_POST
def transfer_accept(request, pk: int):
    return _act(
        request,
        pk,
        lambda r: transfer.transfer_accept(request=r, by=request.user),
        _("You took the request; answer it when you are ready."),
    )


@login_required
@require_POST
def transfer_decline(request, pk: int):
    form = TransferDeclineForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("research:transfer", pk=pk)
    return _act(
        request,
        pk,
        lambda r: transfer.transfer_decline(
            request=r, by=request.user, reason=form.cleaned_data["reason"]
        ),
        _("You declined the request."),
    )


@login_required
@require_POST
def transfer_answer(request, pk: int):
    found = _readable(request, pk)
    form = TransferAnswerForm(request.POST)
    if form.is_valid():
        try:
            transfer.transfer_answer(request=found, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            if not hasattr(error, "error_dict"):  # answered already, or not accepted
                messages.error(request, " ".join(error_messages(error)))
                return redirect("research:transfer", pk=pk)
            apply_service_errors(form, error)
        except PermissionDenied as error:
            messages.error(request, " ".join(error_messages(error)))
            return redirect("research:transfer", pk=pk)
        else:
            messages.success(request, _("Your answer is sent."))
            return redirect("research:transfer", pk=pk)
    # The answer comes back with its errors, and with what the expert wrote.
    return _detail_page(request, found, status=400, answer_form=form)


@login_required
@require_POST
def transfer_rate(request, pk: int):
    form = TransferRateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Rate the answer from 1 to 5."))
        return redirect("research:transfer", pk=pk)
    return _act(
        request,
        pk,
        lambda r: transfer.transfer_rate(request=r, by=request.user, **form.cleaned_data),
        _("Thank you: your rating is saved."),
    )


def _describe_withdraw(request, pk: int):
    found = _readable(request, pk)
    if found.stakeholder_id != request.user.pk:
        raise Http404
    if found.state not in (TransferState.OPEN, TransferState.ACCEPTED):
        return None  # the view says why it cannot be withdrawn
    return Confirmation(
        title=_("Withdraw “%(title)s”?") % {"title": found.title},
        text=_("The experts it is addressed to are told; nobody can answer it any more."),
        button=_("Withdraw the request"),
        cancel_url=back_url(request, reverse("research:transfer", args=[pk])),
        consequences=(_("This cannot be undone: to ask again, send a new request."),),
    )


@login_required
@confirm_first(_describe_withdraw)
def transfer_withdraw(request, pk: int):
    if request.method != "POST":
        raise Http404
    return _act(
        request,
        pk,
        lambda r: transfer.transfer_withdraw(request=r, by=request.user),
        _("The request is withdrawn."),
    )
