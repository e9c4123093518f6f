from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campus.alliance.models import Theme
from campus.permissions import Action, can
from campus.service_errors import apply_service_errors
from campus.skills.selectors import skills_search

from . import services
from .forms import (
    AffiliationDecisionForm,
    AffiliationRequestForm,
    LanguageForm,
    ProfileForm,
    SkillAddForm,
    TokenForm,
)
from .languages import language_name
from .models import Affiliation, ApiToken, Person, Visibility
from .selectors import (
    affiliations_granted_for,
    affiliations_pending_for,
    may_decide_affiliations,
    person_affiliations,
    person_notifications,
    person_roles,
    person_tokens,
    person_with_profile,
)


def _profile_context(person: Person, viewer) -> dict:
    return {
        "person": person,
        "roles": person_roles(person),
        "languages": [(pl, language_name(pl.language)) for pl in person.languages.all()],
        "themes": [Theme(t).label for t in person.themes if t in Theme.values],
        "may_edit": can(viewer, Action.CHANGE, person),
    }


@login_required
def profile(request):
    person = person_with_profile(request.user.pk)
    context = _profile_context(person, request.user)
    context["affiliations"] = person_affiliations(person)
    context["request_form"] = AffiliationRequestForm()
    return render(request, "people/profile.html", context)


@login_required
def affiliation_request(request):
    """Ask for a role at an institution or organisation; someone who may decides."""
    form = AffiliationRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            affiliation = services.affiliation_request(
                person=request.user,
                role=data["role"],
                institution=data["institution"],
                organisation=data["organisation"],
                note=data["note"],
                by=request.user,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            if affiliation.state == "granted":
                messages.success(request, _("Done: “%(a)s” needs no grant.") % {"a": affiliation})
            else:
                messages.success(
                    request,
                    _(
                        "Your request for “%(a)s” is sent; you keep what you have until it is granted."
                    )
                    % {"a": affiliation},
                )
            return redirect("people:profile")
    return render(request, "people/affiliation_request.html", {"form": form})


# Enough granted affiliations to scroll through on a phone; a search finds the others.
GRANTED_SHOWN = 50


@login_required
def affiliation_queue(request):
    """The requests this person may decide, and the granted affiliations they may revoke."""
    if not may_decide_affiliations(request.user):
        raise PermissionDenied
    query = request.GET.get("q", "")[:100]
    granted = affiliations_granted_for(request.user, query=query)
    return render(
        request,
        "people/affiliation_queue.html",
        {
            "pending": affiliations_pending_for(request.user),
            "granted": granted[:GRANTED_SHOWN],
            "granted_count": granted.count(),
            "granted_shown": GRANTED_SHOWN,
            "q": query,
        },
    )


DECISIONS = {
    "grant": (services.affiliation_grant, _("“%(a)s” of %(p)s is granted.")),
    "refuse": (services.affiliation_refuse, _("“%(a)s” of %(p)s is refused.")),
    "revoke": (services.affiliation_revoke, _("“%(a)s” of %(p)s is revoked.")),
}


@login_required
@require_POST
def affiliation_decide(request, pk: int, decision: str):
    """Grant, refuse or revoke one affiliation (refusing and revoking need a reason)."""
    if decision not in DECISIONS:
        raise Http404
    affiliation = get_object_or_404(
        Affiliation.objects.select_related("person", "institution", "organisation"), pk=pk
    )
    form = AffiliationDecisionForm(request.POST)
    form.is_valid()
    service, done = DECISIONS[decision]
    try:
        service(
            affiliation=affiliation, by=request.user, reason=form.cleaned_data.get("reason", "")
        )
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done % {"a": affiliation, "p": affiliation.person})
    return redirect("people:affiliation_queue")


def person_detail(request, pk: int):
    """Another person's profile, as far as their visibility allows."""
    try:
        person = person_with_profile(pk)
    except Person.DoesNotExist as exc:
        raise Http404 from exc
    viewer = request.user
    visible = (
        person.visibility == Visibility.PUBLIC
        or (person.visibility == Visibility.MEMBERS and viewer.is_authenticated)
        or can(viewer, Action.VIEW, person)
    )
    if not person.is_active or not visible:
        raise Http404
    return render(request, "people/profile.html", _profile_context(person, viewer))


@login_required
def profile_edit(request):
    person = person_with_profile(request.user.pk)
    form = ProfileForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.person_update(
                person=Person.objects.get(pk=person.pk), by=request.user, **changes
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Your profile is saved."))
            return redirect("people:profile")
    return render(
        request,
        "people/profile_edit.html",
        {
            "form": form,
            "person": person,
            "language_form": LanguageForm(),
            "skill_form": SkillAddForm(),
            "languages": [(pl, language_name(pl.language)) for pl in person.languages.all()],
        },
    )


@login_required
def skill_search(request):
    """The skills autocomplete: matching skills, each with a button to add it."""
    query = request.GET.get("q", "").strip()
    results = skills_search(query, limit=10) if len(query) >= 2 else []
    held = set(request.user.skills.values_list("skill__uri", flat=True))
    template = "people/_skill_results.html" if request.htmx else "people/skill_search.html"
    return render(
        request,
        template,
        {"query": query, "results": results, "held": held, "skill_form": SkillAddForm()},
    )


@login_required
@require_POST
def skill_add(request):
    form = SkillAddForm(request.POST)
    if form.is_valid():
        try:
            entry = services.person_skill_set(
                person=request.user,
                skill_uri=form.cleaned_data["skill"],
                proficiency=form.cleaned_data["proficiency"],
                by=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Added “%(skill)s” to your skills.") % {"skill": entry.skill.display_label},
            )
    else:
        messages.error(request, _("Choose a skill and a proficiency."))
    return redirect("people:profile_edit")


@login_required
@require_POST
def skill_remove(request):
    services.person_skill_remove(
        person=request.user, skill_uri=request.POST.get("skill", ""), by=request.user
    )
    messages.success(request, _("Skill removed."))
    return redirect("people:profile_edit")


@login_required
@require_POST
def language_add(request):
    form = LanguageForm(request.POST)
    if form.is_valid():
        services.person_language_set(
            person=request.user,
            language=form.cleaned_data["language"],
            level=form.cleaned_data["level"],
            by=request.user,
        )
        messages.success(request, _("Language saved."))
    else:
        messages.error(request, _("Choose a language and a level from the lists."))
    return redirect("people:profile_edit")


@login_required
@require_POST
def language_remove(request):
    services.person_language_remove(
        person=request.user, language=request.POST.get("language", ""), by=request.user
    )
    messages.success(request, _("Language removed."))
    return redirect("people:profile_edit")


@login_required
def tokens(request):
    """Personal API tokens: create, list, revoke."""
    form = TokenForm(request.POST or None)
    new_secret = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_secret = services.api_token_create(
                person=request.user, name=form.cleaned_data["name"], by=request.user
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            form = TokenForm()
    return render(
        request,
        "people/tokens.html",
        {"form": form, "tokens": person_tokens(request.user), "new_secret": new_secret},
    )


@login_required
@require_POST
def token_revoke(request, pk: int):
    token = get_object_or_404(ApiToken, pk=pk)
    try:
        services.api_token_revoke(token=token, by=request.user)
    except PermissionDenied as exc:
        raise Http404 from exc
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("people:tokens")


@login_required
def notifications(request):
    """What happened that concerns me, newest first; a button marks all of it read."""
    items = list(person_notifications(request.user))
    unread = {n.pk for n in items if n.read_at is None}
    if request.method == "POST":
        services.notifications_mark_read(person=request.user, by=request.user)
        messages.success(request, _("All notifications are marked read."))
        return redirect("people:notifications")
    return render(request, "people/notifications.html", {"items": items, "unread": unread})
