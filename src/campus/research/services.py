"""Every write of the research hub: expert profiles and their outputs, research agendas, join
requests and their decisions. Each runs in a transaction, validates its input (a
ValidationError leaves nothing written), checks permissions on GRANTED affiliations only, and
writes one ResearchEvent (the audit trail); people concerned are notified."""

import re
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from campus.people.models import Person
from campus.people.services import notify
from campus.permissions import is_alliance_admin
from campus.skills.models import Skill

from .identifiers import doi_normalise, orcid_normalise
from .models import (
    AgendaJoinRequest,
    AgendaMember,
    AgendaRole,
    ExpertProfile,
    JoinState,
    OutputType,
    ResearchAgenda,
    ResearchEvent,
    ResearchOutput,
    Topic,
)
from .permissions import is_lead, may_be_expert
from .topics import TRANSVERSAL_TOPICS

LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")
NOT_GIVEN = object()
AIMS_LONGEST = 10000
MESSAGE_LONGEST = 2000


def _record(*, actor, action: str, profile=None, agenda=None, note: str = "") -> None:
    ResearchEvent.objects.create(
        actor=actor, action=action, profile=profile, agenda=agenda, note=note[:500]
    )


def _texts(value, field: str, *, most: int, longest: int) -> list[str]:
    """A list of short texts, trimmed, empty ones and repeats dropped."""
    if isinstance(value, str):
        value = [v for v in re.split(r"[,\n]", value)]
    if not isinstance(value, list | tuple):
        raise ValidationError({field: _("Give a list of texts.")})
    result: list[str] = []
    for item in value:
        if not isinstance(item, str):
            raise ValidationError({field: _("Give a list of texts.")})
        text = " ".join(item.split())
        if not text or text.casefold() in (r.casefold() for r in result):
            continue
        if len(text) > longest:
            raise ValidationError(
                {field: _("Each entry has at most %(n)s characters.") % {"n": longest}}
            )
        result.append(text)
    if len(result) > most:
        raise ValidationError({field: _("Give at most %(n)s entries.") % {"n": most}})
    return result


def _languages(value) -> list[str]:
    codes = _texts(value, "languages", most=20, longest=3)
    codes = [c.lower() for c in codes]
    wrong = [c for c in codes if not LANGUAGE_CODE.match(c)]
    if wrong:
        raise ValidationError(
            {
                "languages": _(
                    "Name languages by their ISO 639-1 codes (en, nl, de …); not: %(codes)s."
                )
                % {"codes": ", ".join(wrong)}
            }
        )
    return codes


def _skills(uris: Iterable[str]) -> list[Skill]:
    uris = list(dict.fromkeys(u.strip() for u in uris if isinstance(u, str) and u.strip()))
    if len(uris) > 50:
        raise ValidationError({"skills": _("Give at most %(n)s entries.") % {"n": 50}})
    found = {s.uri: s for s in Skill.objects.filter(uri__in=uris)}
    unknown = [u for u in uris if u not in found]
    if unknown:
        raise ValidationError(
            {"skills": _("Unknown ESCO skills: %(uris)s.") % {"uris": ", ".join(unknown[:5])}}
        )
    return [found[u] for u in uris]


def _topics(slugs: Iterable[str]) -> list[Topic]:
    slugs = list(dict.fromkeys(s.strip() for s in slugs if isinstance(s, str) and s.strip()))
    found = {t.slug: t for t in Topic.objects.filter(slug__in=slugs)}
    unknown = [s for s in slugs if s not in found]
    if unknown:
        raise ValidationError(
            {"topics": _("Unknown topics: %(slugs)s.") % {"slugs": ", ".join(unknown[:5])}}
        )
    return [found[s] for s in slugs]


# --- topics ------------------------------------------------------------------------------------


@transaction.atomic
def topics_load() -> int:
    """Create the alliance's transversal topics that do not exist yet; the number created."""
    created = 0
    for slug, names, description, theme in TRANSVERSAL_TOPICS:
        if Topic.objects.filter(slug=slug).exists():
            continue
        topic = Topic(slug=slug, names=names, description=description, theme=theme)
        topic.full_clean()
        topic.save()
        created += 1
    return created


# --- expert profiles ---------------------------------------------------------------------------


@transaction.atomic
def expert_profile_save(
    *,
    person: Person,
    by: Person,
    headline=NOT_GIVEN,
    skills=NOT_GIVEN,
    keywords=NOT_GIVEN,
    topics=NOT_GIVEN,
    methods=NOT_GIVEN,
    projects=NOT_GIVEN,
    languages=NOT_GIVEN,
    available_for_challenges=NOT_GIVEN,
    available_for_supervision=NOT_GIVEN,
    available_for_consultancy=NOT_GIVEN,
    orcid=NOT_GIVEN,
) -> ExpertProfile:
    """Create or change one's own expert profile (skills as ESCO URIs, topics as slugs); only
    the fields given change. Needs a granted researcher, lecturer or stakeholder affiliation."""
    if by.pk != person.pk and not is_alliance_admin(by):
        raise PermissionDenied(_("People keep their own expert profile."))
    if not may_be_expert(person):
        raise PermissionDenied(
            _(
                "An expert profile needs a granted researcher, lecturer or stakeholder "
                "affiliation; a requested one counts once it is granted."
            )
        )
    profile = ExpertProfile.objects.select_for_update().filter(person=person).first()
    created = profile is None
    if created:
        profile = ExpertProfile(
            person=person,
            languages=list(person.languages.values_list("language", flat=True)),
        )
    if headline is not NOT_GIVEN:
        profile.headline = " ".join(str(headline or "").split())
    if keywords is not NOT_GIVEN:
        profile.keywords = _texts(keywords, "keywords", most=30, longest=80)
    if methods is not NOT_GIVEN:
        profile.methods = _texts(methods, "methods", most=20, longest=120)
    if projects is not NOT_GIVEN:
        profile.projects = _texts(projects, "projects", most=20, longest=200)
    if languages is not NOT_GIVEN:
        profile.languages = _languages(languages)
    for flag, value in (
        ("available_for_challenges", available_for_challenges),
        ("available_for_supervision", available_for_supervision),
        ("available_for_consultancy", available_for_consultancy),
    ):
        if value is not NOT_GIVEN:
            if not isinstance(value, bool):
                raise ValidationError({flag: _("Say yes or no (true or false).")})
            setattr(profile, flag, value)
    if orcid is not NOT_GIVEN:
        text = str(orcid or "").strip()
        normalised = orcid_normalise(text) if text else ""
        if normalised is None:
            raise ValidationError(
                {
                    "orcid": _(
                        "“%(value)s” is not an ORCID iD: its check digit is wrong or its form "
                        "is not 0000-0000-0000-000X."
                    )
                    % {"value": text[:40]}
                }
            )
        profile.orcid = normalised
    chosen_skills = _skills(skills) if skills is not NOT_GIVEN else None
    chosen_topics = _topics(topics) if topics is not NOT_GIVEN else None
    profile.updated_at = timezone.now()
    profile.full_clean()
    profile.save()
    if chosen_skills is not None:
        profile.skills.set(chosen_skills)
    if chosen_topics is not None:
        profile.topics.set(chosen_topics)
    _record(actor=by, action="profile_created" if created else "profile_updated", profile=profile)
    return profile


def _own_profile(profile: ExpertProfile, by: Person) -> None:
    if profile.person_id != by.pk and not is_alliance_admin(by):
        raise PermissionDenied(_("People keep their own expert profile."))
    if not may_be_expert(profile.person):
        raise PermissionDenied(
            _(
                "An expert profile needs a granted researcher, lecturer or stakeholder "
                "affiliation; a requested one counts once it is granted."
            )
        )


@transaction.atomic
def output_add(
    *, profile: ExpertProfile, by: Person, title: str, year, type: str, doi: str = ""
) -> ResearchOutput:
    """Add a publication or other output to one's profile; its DOI is stored bare, lower case."""
    _own_profile(profile, by)
    doi_text = (doi or "").strip()
    normalised = doi_normalise(doi_text) if doi_text else ""
    if normalised is None:
        raise ValidationError(
            {
                "doi": _("“%(value)s” is not a DOI (it looks like 10.1234/abc).")
                % {"value": doi_text[:60]}
            }
        )
    if type not in OutputType.values:
        raise ValidationError({"type": _("Choose one of the output types.")})
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ValidationError({"year": _("Give the year as a number, like 2024.")}) from None
    if normalised and profile.outputs.filter(doi=normalised).exists():
        raise ValidationError({"doi": _("This output is on your profile already.")})
    output = ResearchOutput(
        profile=profile,
        doi=normalised,
        title=" ".join((title or "").split()),
        year=year,
        type=type,
    )
    output.full_clean()
    try:
        with transaction.atomic():
            output.save()
    except IntegrityError:
        raise ValidationError({"doi": _("This output is on your profile already.")}) from None
    _record(actor=by, action="output_added", profile=profile, note=output.doi or output.title)
    return output


@transaction.atomic
def output_remove(*, output: ResearchOutput, by: Person) -> None:
    """Take an output off one's profile."""
    _own_profile(output.profile, by)
    _record(
        actor=by, action="output_removed", profile=output.profile, note=output.doi or output.title
    )
    output.delete()


# --- agendas -----------------------------------------------------------------------------------


def _challenge_ids(value) -> list[int]:
    if not isinstance(value, list | tuple):
        raise ValidationError({"challenge_ids": _("Give the linked challenges as a list of ids.")})
    ids = []
    for item in value:
        if isinstance(item, bool) or not isinstance(item, int) or item < 1:
            raise ValidationError(
                {"challenge_ids": _("Give the linked challenges as a list of ids.")}
            )
        if item not in ids:
            ids.append(item)
    return ids


def _aims(aims) -> str:
    aims = (aims or "").strip()
    if len(aims) > AIMS_LONGEST:
        raise ValidationError(
            {"aims": _("The aims have at most %(n)s characters.") % {"n": AIMS_LONGEST}}
        )
    return aims


@transaction.atomic
def agenda_create(
    *, by: Person, title: str, aims: str, topics: Iterable[str] = (), challenge_ids=()
) -> ResearchAgenda:
    """Start a shared research agenda; its creator becomes its first lead."""
    if not may_be_expert(by):
        raise PermissionDenied(
            _(
                "Only researchers, lecturers and stakeholder representatives whose affiliation "
                "is granted start research agendas."
            )
        )
    title = " ".join((title or "").split())
    aims = _aims(aims)
    if ResearchAgenda.objects.filter(title__iexact=title).exists():
        raise ValidationError({"title": _("There is an agenda with this title already.")})
    agenda = ResearchAgenda(
        title=title,
        aims=(aims or "").strip(),
        created_by=by,
        challenge_ids=_challenge_ids(list(challenge_ids)),
    )
    chosen = _topics(topics)
    agenda.full_clean()
    agenda.save()
    agenda.topics.set(chosen)
    AgendaMember.objects.create(agenda=agenda, person=by, role=AgendaRole.LEAD)
    _record(actor=by, action="agenda_created", agenda=agenda)
    return agenda


@transaction.atomic
def agenda_update(
    *,
    agenda: ResearchAgenda,
    by: Person,
    title=NOT_GIVEN,
    aims=NOT_GIVEN,
    topics=NOT_GIVEN,
    challenge_ids=NOT_GIVEN,
) -> ResearchAgenda:
    """Change an agenda's title, aims, topics or linked challenges (its leads only)."""
    agenda = ResearchAgenda.objects.select_for_update().get(pk=agenda.pk)
    if not is_lead(by, agenda):
        raise PermissionDenied(_("Only the agenda's leads may do this."))
    if title is not NOT_GIVEN:
        agenda.title = " ".join((title or "").split())
        if ResearchAgenda.objects.filter(title__iexact=agenda.title).exclude(pk=agenda.pk).exists():
            raise ValidationError({"title": _("There is an agenda with this title already.")})
    if aims is not NOT_GIVEN:
        agenda.aims = _aims(aims)
    if challenge_ids is not NOT_GIVEN:
        agenda.challenge_ids = _challenge_ids(challenge_ids)
    chosen = _topics(topics) if topics is not NOT_GIVEN else None
    agenda.full_clean()
    agenda.save()
    if chosen is not None:
        agenda.topics.set(chosen)
    _record(actor=by, action="agenda_updated", agenda=agenda)
    return agenda


def _agenda_url(agenda: ResearchAgenda) -> str:
    return reverse("research:agenda", args=[agenda.pk])


@transaction.atomic
def join_request_create(
    *, agenda: ResearchAgenda, by: Person, message: str = ""
) -> AgendaJoinRequest:
    """Ask to join an agenda; its leads are told and decide."""
    agenda = ResearchAgenda.objects.select_for_update().get(pk=agenda.pk)
    if not may_be_expert(by):
        raise PermissionDenied(
            _(
                "Only researchers, lecturers and stakeholder representatives whose affiliation "
                "is granted join research agendas."
            )
        )
    if agenda.members.filter(person_id=by.pk).exists():
        raise ValidationError(_("You are a member of this agenda already."))
    if agenda.join_requests.filter(person_id=by.pk, state=JoinState.PENDING).exists():
        raise ValidationError(_("You have asked to join this agenda already; its leads decide."))
    message = (message or "").strip()
    if len(message) > MESSAGE_LONGEST:
        raise ValidationError(
            {"message": _("A message has at most %(n)s characters.") % {"n": MESSAGE_LONGEST}}
        )
    request = AgendaJoinRequest(agenda=agenda, person=by, message=message)
    request.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            request.save()
    except IntegrityError:
        raise ValidationError(
            _("You have asked to join this agenda already; its leads decide.")
        ) from None
    _record(actor=by, action="join_requested", agenda=agenda)
    for lead in agenda.members.filter(role=AgendaRole.LEAD).select_related("person"):
        notify(
            person=lead.person,
            message=gettext_noop("%(person)s asks to join the research agenda “%(agenda)s”."),
            params={"person": by.display_name, "agenda": agenda.title},
            url=_agenda_url(agenda),
        )
    return request


def _decide(request: AgendaJoinRequest, by: Person) -> AgendaJoinRequest:
    request = (
        AgendaJoinRequest.objects.select_for_update()
        .select_related("agenda", "person")
        .get(pk=request.pk)
    )
    if not is_lead(by, request.agenda):
        raise PermissionDenied(_("Only the agenda's leads may do this."))
    if request.state != JoinState.PENDING:
        raise ValidationError(
            _("This request was %(state)s already.")
            % {"state": request.get_state_display().lower()}
        )
    return request


@transaction.atomic
def join_request_approve(*, request: AgendaJoinRequest, by: Person) -> AgendaMember:
    """A lead lets the requester in as a member; the requester is told."""
    request = _decide(request, by)
    request.state, request.decided_by, request.decided_at = JoinState.APPROVED, by, timezone.now()
    request.save(update_fields=["state", "decided_by", "decided_at"])
    member, _created = AgendaMember.objects.get_or_create(
        agenda=request.agenda, person=request.person, defaults={"role": AgendaRole.MEMBER}
    )
    _record(actor=by, action="join_approved", agenda=request.agenda, note=str(request.person_id))
    notify(
        person=request.person,
        message=gettext_noop("You are now a member of the research agenda “%(agenda)s”."),
        params={"agenda": request.agenda.title},
        url=_agenda_url(request.agenda),
    )
    return member


@transaction.atomic
def join_request_decline(
    *, request: AgendaJoinRequest, by: Person, reason: str = ""
) -> AgendaJoinRequest:
    """A lead declines a request to join, with an optional reason the requester reads."""
    request = _decide(request, by)
    reason = " ".join((reason or "").split())
    if len(reason) > 500:
        raise ValidationError({"reason": _("A reason has at most 500 characters.")})
    request.state, request.decided_by, request.decided_at = JoinState.DECLINED, by, timezone.now()
    request.reason = reason
    request.save(update_fields=["state", "decided_by", "decided_at", "reason"])
    _record(actor=by, action="join_declined", agenda=request.agenda, note=reason)
    notify(
        person=request.person,
        message=gettext_noop(
            "Your request to join the research agenda “%(agenda)s” was declined: %(reason)s"
        )
        if reason
        else gettext_noop("Your request to join the research agenda “%(agenda)s” was declined."),
        params={"agenda": request.agenda.title, "reason": reason},
        url=_agenda_url(request.agenda),
    )
    return request


@transaction.atomic
def agenda_leave(*, agenda: ResearchAgenda, by: Person) -> None:
    """Leave an agenda; its last lead stays until another lead is named."""
    agenda = ResearchAgenda.objects.select_for_update().get(pk=agenda.pk)
    member = agenda.members.filter(person_id=by.pk).first()
    if member is None:
        raise ValidationError(_("You are not a member of this agenda."))
    if member.role == AgendaRole.LEAD and agenda.members.filter(role=AgendaRole.LEAD).count() == 1:
        raise ValidationError(
            _("You are this agenda's only lead: it needs another lead before you leave.")
        )
    member.delete()
    _record(actor=by, action="agenda_left", agenda=agenda)


@transaction.atomic
def agenda_member_promote(*, member: AgendaMember, by: Person) -> AgendaMember:
    """A lead makes a member of the agenda a lead too; the member is told."""
    agenda = ResearchAgenda.objects.select_for_update().get(pk=member.agenda_id)
    if not is_lead(by, agenda):
        raise PermissionDenied(_("Only the agenda's leads may do this."))
    member = (
        AgendaMember.objects.select_for_update()
        .select_related("person")
        .filter(pk=member.pk, agenda=agenda)
        .first()
    )
    if member is None:
        raise ValidationError(_("This person is not a member of this agenda (any more)."))
    if member.role == AgendaRole.LEAD:
        raise ValidationError(
            _("%(person)s is a lead of this agenda already.")
            % {"person": member.person.display_name}
        )
    member.role = AgendaRole.LEAD
    member.save(update_fields=["role"])
    _record(actor=by, action="member_promoted", agenda=agenda, note=str(member.person_id))
    notify(
        person=member.person,
        message=gettext_noop("You are now a lead of the research agenda “%(agenda)s”."),
        params={"agenda": agenda.title},
        url=_agenda_url(agenda),
    )
    return member


@transaction.atomic
def agenda_lead_step_down(*, agenda: ResearchAgenda, by: Person) -> AgendaMember:
    """A lead steps down to member; the agenda's last lead stays until another is named."""
    agenda = ResearchAgenda.objects.select_for_update().get(pk=agenda.pk)
    member = agenda.members.select_for_update().filter(person_id=by.pk).first()
    if member is None or member.role != AgendaRole.LEAD:
        raise ValidationError(_("You are not a lead of this agenda."))
    if agenda.members.filter(role=AgendaRole.LEAD).count() == 1:
        raise ValidationError(
            _("You are this agenda's only lead: make another member a lead before you step down.")
        )
    member.role = AgendaRole.MEMBER
    member.save(update_fields=["role"])
    _record(actor=by, action="lead_stepped_down", agenda=agenda)
    return member
