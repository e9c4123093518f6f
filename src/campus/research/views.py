"""The research hub's pages: topics, experts, one's own expert profile, agendas."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campus.people.models import PersonSkill
from campus.service_errors import apply_service_errors, error_messages

from . import selectors, services, transfer
from .forms import AgendaForm, DeclineForm, ExpertProfileForm, JoinForm, OutputForm
from .models import AgendaJoinRequest, AgendaMember, ResearchOutput
from .permissions import is_lead, may_be_expert


def topics(request):
    return render(
        request,
        "research/topics.html",
        {"topics": selectors.topics_list(), "agendas": selectors.agendas_list()[:10]},
    )


def topic(request, slug: str):
    found = selectors.topic_detail(slug)
    if found is None:
        raise Http404
    return render(
        request,
        "research/topic.html",
        {
            "topic": found,
            "experts": selectors.topic_experts(found, request.user),
            "agendas": selectors.agendas_list(topic=found),
            "courses": selectors.topic_courses(found),
        },
    )


def expert(request, pk: int):
    profile = selectors.expert_for(request.user, pk)
    if profile is None:  # missing, or private to this reader: the same answer
        raise Http404
    return render(
        request,
        "research/expert.html",
        {
            "profile": profile,
            "mine": profile.person_id == request.user.pk,
            # "Ask this expert": for people who may ask, when the expert takes requests.
            "may_ask": profile.person_id != request.user.pk
            and transfer.may_ask(request.user)
            and transfer.is_available(profile),
        },
    )


def _skill_choices(person, profile) -> list[tuple[str, str]]:
    choices = {
        held.skill.uri: held.skill.display_label
        for held in PersonSkill.objects.filter(person=person).select_related("skill")
    }
    if profile is not None:
        for skill in profile.skills.all():
            choices.setdefault(skill.uri, skill.display_label)
    return sorted(choices.items(), key=lambda c: c[1].casefold())


def _initial(profile) -> dict:
    if profile is None:
        return {}
    return {
        "headline": profile.headline,
        "skills": [s.uri for s in profile.skills.all()],
        "topics": list(profile.topics.all()),
        "keywords": ", ".join(profile.keywords),
        "methods": "\n".join(profile.methods),
        "projects": "\n".join(profile.projects),
        "languages": ", ".join(profile.languages),
        "available_for_challenges": profile.available_for_challenges,
        "available_for_supervision": profile.available_for_supervision,
        "available_for_consultancy": profile.available_for_consultancy,
        "orcid": profile.orcid,
    }


@login_required
def profile_edit(request):
    person = request.user
    profile = selectors.profile_of(person)
    allowed = may_be_expert(person)
    form = ExpertProfileForm(
        request.POST or None,
        initial=_initial(profile),
        skill_choices=_skill_choices(person, profile),
    )
    status = 200
    if request.method == "POST" and allowed:
        if form.is_valid():
            try:
                saved = services.expert_profile_save(
                    person=person, by=person, **form.service_arguments()
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Your expert profile is saved."))
                return redirect("research:expert", pk=saved.pk)
        status = 400
    return render(
        request,
        "research/profile_edit.html",
        {
            "form": form,
            "profile": profile,
            "allowed": allowed,
            "output_form": OutputForm(),
        },
        status=status if allowed or request.method != "POST" else 403,
    )


@login_required
@require_POST
def output_add(request):
    profile = selectors.profile_of(request.user)
    form = OutputForm(request.POST)
    if profile is None:
        messages.error(request, _("Save your expert profile first."))
        return redirect("research:profile_edit")
    if form.is_valid():
        try:
            services.output_add(profile=profile, by=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(error_messages(error)))
        else:
            messages.success(request, _("The output is added."))
            return redirect("research:profile_edit")
    else:
        messages.error(
            request,
            " ".join(f"{form.fields[f].label}: {' '.join(e)}" for f, e in form.errors.items()),
        )
    return redirect("research:profile_edit")


@login_required
@require_POST
def output_remove(request, pk: int):
    output = ResearchOutput.objects.select_related("profile").filter(pk=pk).first()
    if output is None or output.profile.person_id != request.user.pk:
        raise Http404
    services.output_remove(output=output, by=request.user)
    messages.success(request, _("The output is removed."))
    return redirect("research:profile_edit")


def agendas(request):
    return render(
        request,
        "research/agendas.html",
        {
            "agendas": selectors.agendas_list(),
            "may_create": may_be_expert(request.user),
        },
    )


@login_required
def agenda_new(request):
    form = AgendaForm(request.POST or None)
    if not may_be_expert(request.user):
        return render(request, "research/agenda_new.html", {"form": None}, status=403)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                created = services.agenda_create(
                    by=request.user,
                    title=data["title"],
                    aims=data["aims"],
                    topics=[t.slug for t in data["topics"]],
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("The agenda is created; you are its lead."))
                return redirect(created)
        return render(request, "research/agenda_new.html", {"form": form}, status=400)
    return render(request, "research/agenda_new.html", {"form": form})


def agenda_edit(request, pk: int):
    """Its leads change an agenda's title, aims and topics."""
    found = selectors.agenda_detail(pk)
    if found is None:
        raise Http404
    if not is_lead(request.user, found):
        return render(
            request, "research/agenda_edit.html", {"agenda": found, "form": None}, status=403
        )
    initial = {
        "title": found.title,
        "aims": found.aims,
        "topics": list(found.topics.all()),
    }
    form = AgendaForm(request.POST or None, initial=initial)
    context = {"agenda": found, "form": form}
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.agenda_update(
                    agenda=found,
                    by=request.user,
                    title=data["title"],
                    aims=data["aims"],
                    topics=[t.slug for t in data["topics"]],
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("The agenda is saved."))
                return redirect(found)
        return render(request, "research/agenda_edit.html", context, status=400)
    return render(request, "research/agenda_edit.html", context)


def agenda(request, pk: int):
    found = selectors.agenda_detail(pk)
    if found is None:
        raise Http404
    user = request.user
    lead = is_lead(user, found)
    return render(
        request,
        "research/agenda.html",
        {
            "agenda": found,
            "members": selectors.agenda_members_shown(found, user),
            "membership": selectors.membership_of(found, user),
            "pending": selectors.pending_request_of(found, user),
            "may_join": may_be_expert(user),
            "is_lead": lead,
            "requests": selectors.join_requests_pending(found) if lead else [],
            "join_form": JoinForm(),
            "decline_form": DeclineForm(),
        },
    )


@login_required
@require_POST
def agenda_join(request, pk: int):
    found = selectors.agenda_detail(pk)
    if found is None:
        raise Http404
    form = JoinForm(request.POST)
    message = form.cleaned_data["message"] if form.is_valid() else ""
    try:
        services.join_request_create(agenda=found, by=request.user, message=message)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(error_messages(error)))
    else:
        messages.success(request, _("Your request is sent; the agenda's leads decide."))
    return redirect(found)


def _own_step(request, pk: int, step, done: str):
    """One's own step in an agenda (``step(agenda=, by=)``), its refusal shown as a message."""
    found = selectors.agenda_detail(pk)
    if found is None:
        raise Http404
    try:
        step(agenda=found, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error_messages(error)))
    else:
        messages.success(request, done)
    return redirect(found)


@login_required
@require_POST
def agenda_leave(request, pk: int):
    return _own_step(request, pk, services.agenda_leave, _("You left the agenda."))


@login_required
@require_POST
def agenda_step_down(request, pk: int):
    return _own_step(
        request,
        pk,
        services.agenda_lead_step_down,
        _("You stepped down; you take part as a member."),
    )


@login_required
@require_POST
def join_decide(request, pk: int, request_id: int, decision: str):
    join = AgendaJoinRequest.objects.filter(pk=request_id, agenda_id=pk).first()
    if join is None or decision not in ("approve", "decline"):
        raise Http404
    try:
        if decision == "approve":
            services.join_request_approve(request=join, by=request.user)
            messages.success(request, _("The request is approved."))
        else:
            form = DeclineForm(request.POST)
            reason = form.cleaned_data["reason"] if form.is_valid() else ""
            services.join_request_decline(request=join, by=request.user, reason=reason)
            messages.success(request, _("The request is declined."))
    except PermissionDenied as error:
        raise Http404 from error
    except ValidationError as error:
        messages.error(request, " ".join(error_messages(error)))
    return redirect("research:agenda", pk=pk)


@login_required
@require_POST
def agenda_promote(request, pk: int, member_id: int):
    """A lead makes a member a lead too."""
    member = AgendaMember.objects.filter(pk=member_id, agenda_id=pk).first()
    if member is None:
        raise Http404
    try:
        promoted = services.agenda_member_promote(member=member, by=request.user)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(error_messages(error)))
    else:
        messages.success(
            request,
            _("%(person)s is now a lead of the agenda.") % {"person": promoted.person.display_name},
        )
    return redirect("research:agenda", pk=pk)
