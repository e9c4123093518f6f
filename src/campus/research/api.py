"""The research hub in /api/v1/research: topics, experts, one's own expert profile, agendas and
their join requests. Expert profiles are shown as far as their people's visibility allows."""

from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.errors import HttpError

from campus.inputs.pagination import limit_query, offset_query
from campus.people.auth import public_auth
from campus.people.schemas import ErrorOut

from . import selectors, services
from .models import AgendaJoinRequest, AgendaMember, ExpertProfile, ResearchAgenda, Topic
from .permissions import is_lead
from .schemas import (
    AgendaIn,
    AgendaOut,
    AgendaPatch,
    AgendaRefOut,
    DeclineIn,
    ExpertOut,
    ExpertProfileIn,
    JoinRequestIn,
    JoinRequestOut,
    TopicDetailOut,
    TopicOut,
)

router = Router(tags=["research"])
READ_ERRORS = {404: ErrorOut}
WRITE_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _where(person) -> str:
    if person.institution_id:
        return person.institution.code
    return person.organisation.name if person.organisation_id else ""


def _topic(topic: Topic) -> dict:
    return {
        "slug": topic.slug,
        "name": topic.name,
        "names": topic.names,
        "description": topic.description,
        "theme": topic.theme,
    }


def _agenda_ref(agenda: ResearchAgenda) -> dict:
    return {
        "id": agenda.pk,
        "title": agenda.title,
        "topics": [t.slug for t in agenda.topics.all()],
        "members": agenda.member_count,
    }


def _expert(profile: ExpertProfile) -> dict:
    person = profile.person
    country = (
        person.institution.country
        if person.institution_id
        else (person.organisation.region.country if person.organisation_id else "")
    )
    return {
        "id": profile.pk,
        "name": person.display_name,
        "institution": _where(person),
        "country": country,
        "headline": profile.headline,
        "skills": [s.uri for s in profile.skills.all()],
        "keywords": profile.keywords,
        "topics": [t.slug for t in profile.topics.all()],
        "methods": profile.methods,
        "projects": profile.projects,
        "languages": profile.languages,
        "available_for_challenges": profile.available_for_challenges,
        "available_for_supervision": profile.available_for_supervision,
        "available_for_consultancy": profile.available_for_consultancy,
        "orcid": profile.orcid,
        "outputs": [
            {"id": o.pk, "doi": o.doi, "title": o.title, "year": o.year, "type": o.type}
            for o in profile.outputs.all()
        ],
    }


def _agenda(agenda: ResearchAgenda, user) -> dict:
    return {
        "id": agenda.pk,
        "title": agenda.title,
        "aims": agenda.aims,
        "topics": [t.slug for t in agenda.topics.all()],
        "challenge_ids": agenda.challenge_ids,
        "members": [
            {
                "id": m["member"].pk,
                "name": m["name"],
                "expert_id": m["profile_id"],
                "role": m["role"],
                "institution": _where(m["member"].person),
            }
            for m in selectors.agenda_members_shown(agenda, user)
        ],
    }


def _join(request: AgendaJoinRequest) -> dict:
    return {
        "id": request.pk,
        "agenda_id": request.agenda_id,
        "person": request.person.display_name,
        "state": request.state,
        "message": request.message,
        "reason": request.reason,
        "created_at": request.created_at,
    }


def _agenda_or_404(agenda_id: int) -> ResearchAgenda:
    agenda = selectors.agenda_detail(agenda_id)
    if agenda is None:
        raise HttpError(
            404, _("There is no research agenda with the id %(id)s.") % {"id": agenda_id}
        )
    return agenda


@router.get("/research/topics", response=list[TopicOut], auth=None, summary="Transversal topics")
def topics(request):
    return [_topic(t) for t in selectors.topics_list()]


@router.get(
    "/research/topics/{slug}",
    response={200: TopicDetailOut, **READ_ERRORS},
    auth=public_auth,
    summary="One topic, with the experts the caller may see and its agendas",
)
def topic(request, slug: str):
    found = selectors.topic_detail(slug)
    if found is None:
        raise HttpError(404, _("There is no topic “%(slug)s”.") % {"slug": slug[:80]})
    return {
        **_topic(found),
        "experts": [
            {"id": p.pk, "name": p.person.display_name, "institution": _where(p.person)}
            for p in selectors.topic_experts(found, request.auth)
        ],
        "agendas": [_agenda_ref(a) for a in selectors.agendas_list(topic=found)],
    }


@router.get(
    "/research/experts/{expert_id}",
    response={200: ExpertOut, **READ_ERRORS},
    auth=public_auth,
    summary="One expert profile",
    description="404 when it does not exist or its person's visibility hides it from the caller.",
)
def expert(request, expert_id: int):
    profile = selectors.expert_for(request.auth, expert_id)
    if profile is None:
        raise HttpError(404, _("There is no expert with the id %(id)s.") % {"id": expert_id})
    return _expert(profile)


@router.get(
    "/research/me/expert-profile",
    response={200: ExpertOut, 401: ErrorOut, 404: ErrorOut},
    summary="My expert profile",
)
def my_profile(request):
    profile = selectors.profile_of(request.auth)
    if profile is None:
        raise HttpError(404, _("You have no expert profile yet; PUT one to create it."))
    return _expert(selectors.expert_for(request.auth, profile.pk) or profile)


@router.put(
    "/research/me/expert-profile",
    response={200: ExpertOut, **WRITE_ERRORS},
    summary="Create or change my expert profile",
    description="Needs a granted researcher, lecturer or stakeholder affiliation (else 403).",
)
def my_profile_put(request, payload: ExpertProfileIn):
    changes = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    saved = services.expert_profile_save(person=request.auth, by=request.auth, **changes)
    return _expert(selectors.profile_of(saved.person))


@router.get(
    "/research/agendas",
    response=list[AgendaRefOut],
    auth=None,
    summary="Research agendas",
)
def agendas(request, limit: int = limit_query(), offset: int = offset_query()):
    return [_agenda_ref(a) for a in selectors.agendas_list()[offset : offset + limit]]


@router.post(
    "/research/agendas",
    response={201: AgendaOut, **WRITE_ERRORS},
    summary="Start a research agenda (its creator becomes its lead)",
)
def agenda_create(request, payload: AgendaIn):
    created = services.agenda_create(by=request.auth, **payload.dict())
    return Status(201, _agenda(selectors.agenda_detail(created.pk), request.auth))


@router.get(
    "/research/agendas/{agenda_id}",
    response={200: AgendaOut, **READ_ERRORS},
    auth=public_auth,
    summary="One research agenda with its members",
)
def agenda(request, agenda_id: int):
    return _agenda(_agenda_or_404(agenda_id), request.auth)


@router.patch(
    "/research/agendas/{agenda_id}",
    response={200: AgendaOut, **WRITE_ERRORS},
    summary="Change an agenda's title, aims, topics or challenges (its leads)",
)
def agenda_patch(request, agenda_id: int, payload: AgendaPatch):
    changes = payload.dict(exclude_unset=True)
    services.agenda_update(agenda=_agenda_or_404(agenda_id), by=request.auth, **changes)
    return _agenda(selectors.agenda_detail(agenda_id), request.auth)


@router.post(
    "/research/agendas/{agenda_id}/members/{member_id}/promote",
    response={200: AgendaOut, **WRITE_ERRORS},
    summary="Make a member of the agenda a lead too (the agenda's leads); the member is told",
)
def agenda_member_promote(request, agenda_id: int, member_id: int):
    agenda = _agenda_or_404(agenda_id)
    member = AgendaMember.objects.filter(pk=member_id, agenda=agenda).first()
    if member is None:
        raise HttpError(404, _("This agenda has no member with the id %(id)s.") % {"id": member_id})
    services.agenda_member_promote(member=member, by=request.auth)
    return _agenda(selectors.agenda_detail(agenda_id), request.auth)


@router.post(
    "/research/agendas/{agenda_id}/step-down",
    response={200: AgendaOut, **WRITE_ERRORS},
    summary="Step down from lead to member (refused to the agenda's only lead)",
)
def agenda_lead_step_down(request, agenda_id: int):
    services.agenda_lead_step_down(agenda=_agenda_or_404(agenda_id), by=request.auth)
    return _agenda(selectors.agenda_detail(agenda_id), request.auth)


@router.post(
    "/research/agendas/{agenda_id}/join-requests",
    response={201: JoinRequestOut, **WRITE_ERRORS},
    summary="Ask to join an agenda",
)
def join_request_create(request, agenda_id: int, payload: JoinRequestIn):
    created = services.join_request_create(
        agenda=_agenda_or_404(agenda_id), by=request.auth, message=payload.message
    )
    return Status(201, _join(created))


@router.get(
    "/research/agendas/{agenda_id}/join-requests",
    response={200: list[JoinRequestOut], 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="The requests waiting for the agenda's leads (leads only)",
)
def join_requests(request, agenda_id: int):
    agenda = _agenda_or_404(agenda_id)
    if not is_lead(request.auth, agenda):
        raise HttpError(403, _("Only the agenda's leads may do this."))
    return [_join(r) for r in selectors.join_requests_pending(agenda)]


def _request_or_404(request_id: int) -> AgendaJoinRequest:
    found = AgendaJoinRequest.objects.select_related("person").filter(pk=request_id).first()
    if found is None:
        raise HttpError(404, _("There is no join request with the id %(id)s.") % {"id": request_id})
    return found


@router.post(
    "/research/join-requests/{request_id}/approve",
    response={200: JoinRequestOut, **WRITE_ERRORS},
    summary="Approve a request to join (the agenda's leads)",
)
def join_request_approve(request, request_id: int):
    found = _request_or_404(request_id)
    services.join_request_approve(request=found, by=request.auth)
    found.refresh_from_db()
    return _join(found)


@router.post(
    "/research/join-requests/{request_id}/decline",
    response={200: JoinRequestOut, **WRITE_ERRORS},
    summary="Decline a request to join (the agenda's leads)",
)
def join_request_decline(request, request_id: int, payload: DeclineIn):
    found = _request_or_404(request_id)
    declined = services.join_request_decline(request=found, by=request.auth, reason=payload.reason)
    return _join(declined)
