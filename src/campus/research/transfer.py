"""Knowledge and technology transfer, every write: a stakeholder asks (one chosen expert, or the
best-matching ones routed by shared skills and topics), each addressed expert accepts or
declines, the first to accept takes it, answers, and the stakeholder rates the answer; or the
stakeholder withdraws it. Each step runs in a transaction holding the request's row lock (two
experts pressing "accept" at once: one takes it, the other is told), checks permissions on
GRANTED affiliations only, writes a ResearchEvent and notifies the people concerned.

States: open → accepted → answered → rated; open → declined (by all addressed); open or
accepted → withdrawn.
"""

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from campus.alliance.models import Organisation
from campus.people.models import Person
from campus.people.services import notify
from campus.permissions import STAKEHOLDER

from .models import ExpertProfile, ResearchEvent
from .services import _skills, _topics
from .transfer_models import InvitationState, TransferInvitation, TransferRequest, TransferState

ROUTED_MOST = 3
TITLE_LONGEST = 200
QUESTION_LONGEST = 5000
ANSWER_LONGEST = 10000
REASON_LONGEST = 500
COMMENT_LONGEST = 1000


def stakeholder_organisations(person) -> list[int]:
    """The organisations whose GRANTED stakeholder affiliation lets ``person`` ask experts."""
    if not (person and person.is_authenticated and person.is_active):
        return []
    return sorted({o for r, _i, o in person.granted_affiliations if r == STAKEHOLDER and o})


def may_ask(person) -> bool:
    return bool(stakeholder_organisations(person))


def is_available(profile: ExpertProfile) -> bool:
    """Experts take requests when they are available for consultancy or for challenges."""
    return profile.available_for_consultancy or profile.available_for_challenges


def _record(*, actor, action: str, transfer: TransferRequest, profile=None, note: str = ""):
    ResearchEvent.objects.create(
        actor=actor, action=action, transfer=transfer, profile=profile, note=note[:500]
    )


def _text(value, field: str, longest: int, *, required: bool = True) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise ValidationError({field: _("This field is required.")})
    if len(text) > longest:
        raise ValidationError(
            {field: _("This text has at most %(n)s characters.") % {"n": longest}}
        )
    return text


def _wished_by(value) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        value = value.date()
    if not isinstance(value, datetime.date):
        try:
            value = datetime.date.fromisoformat(str(value))
        except ValueError:
            raise ValidationError(
                {"wished_by": _("Give the date as YYYY-MM-DD, like 2027-03-31.")}
            ) from None
    if value < timezone.localdate():
        raise ValidationError({"wished_by": _("The date you wish an answer by has passed.")})
    return value


def _organisation(by: Person, organisation) -> Organisation:
    allowed = stakeholder_organisations(by)
    if not allowed:
        raise PermissionDenied(
            _(
                "Only representatives of a stakeholder organisation whose affiliation is granted "
                "ask the alliance's experts; a requested affiliation counts once it is granted."
            )
        )
    if organisation in (None, ""):
        if len(allowed) > 1:
            raise ValidationError({"organisation": _("Choose the organisation you ask for.")})
        return Organisation.objects.get(pk=allowed[0])
    organisation_id = organisation.pk if isinstance(organisation, Organisation) else organisation
    if isinstance(organisation_id, bool) or not isinstance(organisation_id, int):
        raise ValidationError({"organisation": _("Choose the organisation you ask for.")})
    if organisation_id not in allowed:
        raise PermissionDenied(_("You ask only for an organisation you represent."))
    return Organisation.objects.get(pk=organisation_id)


def experts_matching(
    *, by, skills: Iterable, topics: Iterable, most: int = ROUTED_MOST
) -> list[tuple[ExpertProfile, dict]]:
    """The available experts ``by`` may see who best match the skills and topics, best first,
    each with what matched. Score: 2 per shared ESCO skill, 1 per shared topic (a skill says
    more than a broad topic); ties go to the expert whose profile is older (lower id)."""
    from .selectors import experts_visible_to

    skill_ids = {s.pk for s in skills}
    topic_ids = {t.pk for t in topics}
    if not skill_ids and not topic_ids:
        return []
    found = (
        experts_visible_to(by)
        .filter(Q(available_for_consultancy=True) | Q(available_for_challenges=True))
        .filter(Q(skills__in=skill_ids) | Q(topics__in=topic_ids))
        .exclude(person_id=by.pk)
        .prefetch_related("skills", "topics")
    )
    ranked = []
    for profile in found:
        shared_skills = [s.uri for s in profile.skills.all() if s.pk in skill_ids]
        shared_topics = [t.slug for t in profile.topics.all() if t.pk in topic_ids]
        score = 2 * len(shared_skills) + len(shared_topics)
        if score:
            ranked.append(
                (-score, profile.pk, profile, {"skills": shared_skills, "topics": shared_topics})
            )
    ranked.sort(key=lambda r: (r[0], r[1]))
    return [(profile, match) for _s, _pk, profile, match in ranked[:most]]


@transaction.atomic
def transfer_request_create(
    *,
    by: Person,
    title: str,
    question: str,
    topics: Iterable[str] = (),
    skills: Iterable[str] = (),
    organisation=None,
    wished_by=None,
    expert: ExpertProfile | int | None = None,
) -> TransferRequest:
    """A stakeholder asks a question or requests expertise: of one expert they chose (who must
    be available), or of up to three experts the campus routes it to by shared skills/topics."""
    from .selectors import experts_visible_to

    organisation = _organisation(by, organisation)
    title = " ".join(_text(title, "title", TITLE_LONGEST).split())
    question = _text(question, "question", QUESTION_LONGEST)
    chosen_topics = _topics(list(topics or ()))
    chosen_skills = _skills(list(skills or ()))
    wished = _wished_by(wished_by)
    if expert is not None:
        expert_id = expert.pk if isinstance(expert, ExpertProfile) else expert
        profile = (
            experts_visible_to(by).filter(pk=expert_id).first()
            if isinstance(expert_id, int) and not isinstance(expert_id, bool)
            else None
        )
        if profile is None:
            raise ValidationError({"expert": _("There is no such expert for you to ask.")})
        if profile.person_id == by.pk:
            raise ValidationError({"expert": _("You cannot ask yourself.")})
        if not is_available(profile):
            raise ValidationError(
                {
                    "expert": _(
                        "This expert is not available for consultancy or challenges at the "
                        "moment; ask another one, or let the campus find experts."
                    )
                }
            )
        addressed = [(profile, {})]
    else:
        addressed = experts_matching(by=by, skills=chosen_skills, topics=chosen_topics)
        if not addressed:
            raise ValidationError(
                _(
                    "No available expert shares the topics or skills of your request: choose "
                    "other topics or skills, or ask an expert from their profile."
                )
            )
    request = TransferRequest(
        stakeholder=by,
        organisation=organisation,
        title=title,
        question=question,
        wished_by=wished,
        chosen=expert is not None,
    )
    request.full_clean()
    request.save()
    request.topics.set(chosen_topics)
    request.skills.set(chosen_skills)
    for profile, match in addressed:
        TransferInvitation.objects.create(request=request, profile=profile, match=match)
    _record(actor=by, action="transfer_requested", transfer=request)
    for profile, _match in addressed:
        notify(
            person=profile.person,
            message=gettext_noop(
                "%(person)s of %(organisation)s asks for your expertise: “%(title)s”."
            ),
            params={"person": by.display_name, "organisation": organisation.name, "title": title},
            url=request.get_absolute_url(),
        )
    return request


def _locked(request: TransferRequest) -> TransferRequest:
    """The request again, its row locked until the transaction ends (the serialising point)."""
    return (
        TransferRequest.objects.select_for_update()
        .select_related("stakeholder", "organisation")
        .get(pk=request.pk)
    )


def _invitation_of(request: TransferRequest, by: Person) -> TransferInvitation:
    invitation = (
        TransferInvitation.objects.select_related("profile", "profile__person")
        .filter(request=request, profile__person_id=by.pk)
        .first()
    )
    if invitation is None:
        raise PermissionDenied(_("This request is not addressed to you."))
    return invitation


def _not_open(request: TransferRequest) -> ValidationError:
    if request.state in (TransferState.ACCEPTED, TransferState.ANSWERED, TransferState.RATED):
        return ValidationError(_("This request has been taken by an expert already."))
    if request.state == TransferState.WITHDRAWN:
        return ValidationError(_("This request was withdrawn by the person who asked."))
    return ValidationError(_("This request is closed: every expert addressed declined it."))


@transaction.atomic
def transfer_accept(*, request: TransferRequest, by: Person) -> TransferRequest:
    """An addressed expert takes the request; the others' invitations close."""
    request = _locked(request)
    invitation = _invitation_of(request, by)
    if invitation.state == InvitationState.ACCEPTED:
        raise ValidationError(_("You have accepted this request already."))
    if request.state != TransferState.OPEN:
        raise _not_open(request)
    if invitation.state == InvitationState.DECLINED:
        raise ValidationError(_("You have declined this request already."))
    now = timezone.now()
    invitation.state, invitation.decided_at = InvitationState.ACCEPTED, now
    try:
        with transaction.atomic():
            invitation.save(update_fields=["state", "decided_at"])
    except IntegrityError:  # the constraint backs the lock up
        raise ValidationError(_("This request has been taken by an expert already.")) from None
    request.state, request.expert, request.accepted_at = (
        TransferState.ACCEPTED,
        invitation.profile,
        now,
    )
    request.save(update_fields=["state", "expert", "accepted_at"])
    others = list(
        request.invitations.filter(state=InvitationState.INVITED).select_related("profile__person")
    )
    request.invitations.filter(state=InvitationState.INVITED).update(
        state=InvitationState.CLOSED, decided_at=now
    )
    _record(actor=by, action="transfer_accepted", transfer=request, profile=invitation.profile)
    notify(
        person=request.stakeholder,
        message=gettext_noop("%(expert)s took your request “%(title)s”."),
        params={"expert": by.display_name, "title": request.title},
        url=request.get_absolute_url(),
    )
    for other in others:
        notify(
            person=other.profile.person,
            message=gettext_noop("The request “%(title)s” was taken by another expert."),
            params={"title": request.title},
            url=request.get_absolute_url(),
        )
    return request


@transaction.atomic
def transfer_decline(*, request: TransferRequest, by: Person, reason: str = "") -> TransferRequest:
    """An addressed expert declines, with an optional reason the stakeholder reads; when every
    expert addressed has declined, the request is closed as declined."""
    request = _locked(request)
    invitation = _invitation_of(request, by)
    reason = " ".join(_text(reason, "reason", REASON_LONGEST, required=False).split())
    if invitation.state == InvitationState.ACCEPTED:
        raise ValidationError(
            _("You have accepted this request: answer it, or tell the person who asked.")
        )
    if invitation.state == InvitationState.DECLINED:
        raise ValidationError(_("You have declined this request already."))
    if request.state != TransferState.OPEN:
        raise _not_open(request)
    now = timezone.now()
    invitation.state, invitation.decided_at, invitation.reason = (
        InvitationState.DECLINED,
        now,
        reason,
    )
    invitation.save(update_fields=["state", "decided_at", "reason"])
    _record(
        actor=by,
        action="transfer_declined",
        transfer=request,
        profile=invitation.profile,
        note=reason,
    )
    if not request.invitations.filter(state=InvitationState.INVITED).exists():
        request.state, request.closed_at = TransferState.DECLINED, now
        request.save(update_fields=["state", "closed_at"])
        _record(actor=None, action="transfer_declined_by_all", transfer=request)
        notify(
            person=request.stakeholder,
            message=gettext_noop(
                "Every expert addressed declined your request “%(title)s”; you may ask another."
            ),
            params={"title": request.title},
            url=request.get_absolute_url(),
        )
    else:
        notify(
            person=request.stakeholder,
            message=gettext_noop("%(expert)s declined your request “%(title)s”."),
            params={"expert": by.display_name, "title": request.title},
            url=request.get_absolute_url(),
        )
    return request


@transaction.atomic
def transfer_answer(
    *, request: TransferRequest, by: Person, answer: str, link: str = ""
) -> TransferRequest:
    """The expert who took the request answers it (text, and a link if they wish), once."""
    request = _locked(request)
    invitation = _invitation_of(request, by)  # a stranger: not addressed to you
    if request.state in (TransferState.ANSWERED, TransferState.RATED):
        raise ValidationError(_("This request has been answered already."))
    if request.state == TransferState.OPEN and invitation.state == InvitationState.INVITED:
        raise ValidationError(_("Accept the request before you answer it."))
    if request.state != TransferState.ACCEPTED and request.state != TransferState.OPEN:
        raise _not_open(request)
    if invitation.state != InvitationState.ACCEPTED:
        raise PermissionDenied(_("Only the expert who took this request answers it."))
    answer = _text(answer, "answer", ANSWER_LONGEST)
    link = _text(link, "link", 500, required=False)
    if link:
        try:
            URLValidator(schemes=["http", "https"])(link)
        except ValidationError:
            raise ValidationError(
                {"link": _("Give a web address that starts with https:// or http://.")}
            ) from None
    request.answer, request.answer_link = answer, link
    request.state, request.answered_at = TransferState.ANSWERED, timezone.now()
    request.save(update_fields=["answer", "answer_link", "state", "answered_at"])
    _record(actor=by, action="transfer_answered", transfer=request, profile=request.expert)
    notify(
        person=request.stakeholder,
        message=gettext_noop("%(expert)s answered your request “%(title)s”."),
        params={"expert": by.display_name, "title": request.title},
        url=request.get_absolute_url(),
    )
    return request


@transaction.atomic
def transfer_rate(
    *, request: TransferRequest, by: Person, rating, comment: str = ""
) -> TransferRequest:
    """The person who asked rates the answer, 1 to 5, with an optional comment; once."""
    request = _locked(request)
    if request.stakeholder_id != by.pk:
        raise PermissionDenied(_("Only the person who asked rates the answer."))
    if request.state == TransferState.RATED:
        raise ValidationError(_("You have rated this answer already."))
    if request.state != TransferState.ANSWERED:
        raise ValidationError(_("There is no answer to rate yet."))
    if isinstance(rating, bool) or not isinstance(rating, int):
        try:
            rating = int(str(rating))
        except ValueError:
            rating = 0
    if not 1 <= rating <= 5:
        raise ValidationError({"rating": _("Rate the answer from 1 to 5.")})
    comment = _text(comment, "comment", COMMENT_LONGEST, required=False)
    request.rating, request.rating_comment = rating, comment
    request.state, request.rated_at = TransferState.RATED, timezone.now()
    request.save(update_fields=["rating", "rating_comment", "state", "rated_at"])
    _record(actor=by, action="transfer_rated", transfer=request, note=str(rating))
    notify(
        person=request.expert.person,
        message=gettext_noop("%(person)s rated your answer to “%(title)s”: %(rating)s of 5."),
        params={"person": by.display_name, "title": request.title, "rating": rating},
        url=request.get_absolute_url(),
    )
    return request


@transaction.atomic
def transfer_withdraw(*, request: TransferRequest, by: Person) -> TransferRequest:
    """The person who asked withdraws a request nobody has answered yet."""
    request = _locked(request)
    if request.stakeholder_id != by.pk:
        raise PermissionDenied(_("Only the person who asked withdraws the request."))
    if request.state in (TransferState.ANSWERED, TransferState.RATED):
        raise ValidationError(_("This request has been answered; it can no longer be withdrawn."))
    if request.state == TransferState.WITHDRAWN:
        raise ValidationError(_("You have withdrawn this request already."))
    if request.state == TransferState.DECLINED:
        raise ValidationError(_("This request is closed: every expert addressed declined it."))
    now = timezone.now()
    told = [
        i.profile.person
        for i in request.invitations.filter(
            state__in=[InvitationState.INVITED, InvitationState.ACCEPTED]
        ).select_related("profile__person")
    ]
    request.invitations.filter(state=InvitationState.INVITED).update(
        state=InvitationState.CLOSED, decided_at=now
    )
    request.state, request.closed_at = TransferState.WITHDRAWN, now
    request.save(update_fields=["state", "closed_at"])
    _record(actor=by, action="transfer_withdrawn", transfer=request)
    for person in told:
        notify(
            person=person,
            message=gettext_noop("%(person)s withdrew the request “%(title)s”."),
            params={"person": by.display_name, "title": request.title},
            url=request.get_absolute_url(),
        )
    return request
