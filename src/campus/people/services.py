"""Every write to people goes through here: in a transaction, validated, permission-checked."""

from collections.abc import Iterable

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from campus.alliance.models import Institution, Organisation, Theme
from campus.permissions import Action, is_alliance_admin, require
from campus.skills.models import Skill

from .languages import LANGUAGES
from .models import (
    INSTITUTION_ROLES,
    ORGANISATION_ROLES,
    SELF_SERVICE_ROLES,
    Affiliation,
    AffiliationEvent,
    AffiliationState,
    ApiToken,
    CEFRLevel,
    Person,
    PersonLanguage,
    PersonSkill,
    Role,
)
from .tokens import token_generate


def _validate_roles(roles: Iterable[str]) -> list[str]:
    roles = list(dict.fromkeys(roles))
    unknown = [r for r in roles if r not in Role.values]
    if unknown:
        raise ValidationError(
            {"roles": _("Unknown role: %(roles)s.") % {"roles": ", ".join(unknown)}}
        )
    return roles


def _validate_themes(themes: Iterable[str]) -> list[str]:
    themes = list(dict.fromkeys(themes))
    unknown = [t for t in themes if t not in Theme.values]
    if unknown:
        raise ValidationError({"themes": _("Unknown theme: %(t)s.") % {"t": ", ".join(unknown)}})
    return themes


def affiliation_place(role: str, institution, organisation):
    """The institution and organisation an affiliation in ``role`` is held at (validated)."""
    if role in INSTITUTION_ROLES:
        if institution is None:
            raise ValidationError(
                {
                    "institution": _(
                        "Students and staff of the alliance name their home institution."
                    )
                }
            )
        return institution, None
    if role in ORGANISATION_ROLES:
        if organisation is None:
            raise ValidationError(
                {"organisation": _("A stakeholder representative names their organisation.")}
            )
        return None, organisation
    if role == Role.LIFELONG_LEARNER:
        return None, organisation  # a learner may name the organisation they work for
    return None, None  # alliance administrators belong to the alliance as a whole


@transaction.atomic
def person_create(
    *,
    email: str,
    display_name: str,
    password: str | None,
    roles: Iterable[str] = (Role.LIFELONG_LEARNER,),
    institution: Institution | None = None,
    organisation: Organisation | None = None,
    themes: Iterable[str] = (),
    hours_per_week: int = 0,
    bio: str = "",
    visibility: str | None = None,
    password_hash: str | None = None,
    note: str = "",
    by: Person | None = None,
    trusted: bool = False,
) -> Person:
    """Create a person: a learner account, with their other roles asked for or granted.

    A person signing up is a lifelong learner at once; every other role (at the
    institution or organisation named) becomes a *request* that someone who may decide
    grants or refuses. An alliance administrator (``by``) or the system itself
    (``trusted``: management commands such as the demo seeder) creates them granted.
    """
    roles = _validate_roles(roles)
    if not roles:
        raise ValidationError({"roles": _("Choose at least one role.")})
    privileged = [r for r in roles if r not in SELF_SERVICE_ROLES]
    granting = trusted or is_alliance_admin(by)
    if privileged and not granting:
        raise ValidationError({"roles": _("Only an alliance administrator grants these roles.")})
    places = {role: affiliation_place(role, institution, organisation) for role in roles}
    email = Person.objects.normalize_email(email).strip().lower()
    if Person.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("A person with this e-mail address already exists.")})
    person = Person(
        email=email,
        display_name=display_name.strip(),
        themes=_validate_themes(themes),
        hours_per_week=hours_per_week,
        bio=bio,
        is_staff=granting and (Role.ADMIN in roles or Role.COORDINATOR in roles),
    )
    if visibility:
        person.visibility = visibility
    if password_hash is not None:
        person.password = password_hash
    else:
        person.set_password(password)
    person.full_clean()
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError as exc:  # a concurrent sign-up with the same address
        raise ValidationError(
            {"email": _("A person with this e-mail address already exists.")}
        ) from exc
    if granting:
        # Made by the system or an administrator: the address is theirs to vouch for.
        EmailAddress.objects.create(user=person, email=email, verified=True, primary=True)
        for role, (inst, org) in places.items():
            _affiliation_open(
                person=person, role=role, institution=inst, organisation=org, granted_by=by
            )
        _home_follow_grants(person)
    else:
        if Role.LIFELONG_LEARNER not in roles:
            # Everyone who signs up may learn at once; the rest waits for a decision.
            _affiliation_open(
                person=person,
                role=Role.LIFELONG_LEARNER,
                institution=None,
                organisation=None,
                granted_by=None,
            )
        for role, (inst, org) in places.items():
            affiliation_request(
                person=person, role=role, institution=inst, organisation=org, note=note, by=person
            )
    person.forget_affiliations()
    return person


def demo_password_hash(password: str) -> str:
    """Hash once, for seeding many people with the same demo password."""
    return make_password(password)


# Institution, organisation and roles are affiliations: requested and granted, never edited.
PROFILE_FIELDS = {
    "display_name",
    "language",
    "themes",
    "hours_per_week",
    "bio",
    "visibility",
    "gender",
}
AFFILIATION_FIELDS = {"institution", "organisation", "roles"}


@transaction.atomic
def person_update(*, person: Person, by: Person, **changes) -> Person:
    """Change a person's profile fields (themselves, their coordinator, or an administrator)."""
    require(by, Action.CHANGE, person)
    affiliation = set(changes) & AFFILIATION_FIELDS
    if affiliation:
        raise ValidationError(
            _(
                "Institution, organisation and roles are not edited: request an affiliation "
                "on your profile, and keep what you have until it is granted (%(f)s)."
            )
            % {"f": ", ".join(sorted(affiliation))}
        )
    unknown = set(changes) - PROFILE_FIELDS
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed here: %(f)s.") % {"f": ", ".join(sorted(unknown))}
        )
    if "gender" in changes and by.pk != person.pk:
        raise PermissionDenied(_("Only the person themself may state their gender."))
    person = Person.objects.select_for_update().get(pk=person.pk)
    if "themes" in changes:
        changes["themes"] = _validate_themes(changes["themes"])
    for field, value in changes.items():
        setattr(
            person,
            field,
            value.strip() if isinstance(value, str) and field == "display_name" else value,
        )
    person.full_clean()
    person.save()
    return person


# --- affiliations: requested, then granted, refused or revoked ---------------------------------


def _event(affiliation: Affiliation, by: Person | None, reason: str = "") -> None:
    AffiliationEvent.objects.create(
        affiliation=affiliation, state=affiliation.state, by=by, reason=reason[:500]
    )


def _affiliation_open(
    *, person: Person, role: str, institution, organisation, granted_by: Person | None
) -> Affiliation:
    """A granted affiliation that needs no decision (a learner, or the system's own)."""
    affiliation = Affiliation(
        person=person,
        role=role,
        institution=institution,
        organisation=organisation,
        state=AffiliationState.GRANTED,
        decided_by=granted_by,
        decided_at=timezone.now(),
        reason=_("Needs no grant.") if role == Role.LIFELONG_LEARNER else "",
    )
    affiliation.full_clean()
    affiliation.save()
    _event(affiliation, granted_by, affiliation.reason)
    return affiliation


def _home_follow_grants(person: Person) -> None:
    """Point the person's home institution and organisation at their granted affiliations."""
    granted = Affiliation.objects.filter(person=person, state=AffiliationState.GRANTED)
    institution_id = (
        granted.filter(institution__isnull=False)
        .order_by("-decided_at", "-pk")
        .values_list("institution_id", flat=True)
        .first()
    )
    organisation_id = (
        granted.filter(organisation__isnull=False)
        .order_by("-decided_at", "-pk")
        .values_list("organisation_id", flat=True)
        .first()
    )
    Person.objects.filter(pk=person.pk).update(
        institution_id=institution_id, organisation_id=organisation_id
    )
    person.institution_id, person.organisation_id = institution_id, organisation_id
    person._state.fields_cache.pop("institution", None)  # the old related objects are stale
    person._state.fields_cache.pop("organisation", None)
    person.forget_affiliations()


@transaction.atomic
def affiliation_request(
    *,
    person: Person,
    role: str,
    institution: Institution | None = None,
    organisation: Organisation | None = None,
    note: str = "",
    by: Person,
) -> Affiliation:
    """Ask for a role at an institution or organisation; it gives nothing until granted."""
    if by.pk != person.pk and not is_alliance_admin(by):
        raise PermissionDenied(_("Only the person themself asks for an affiliation."))
    role = _validate_roles([role])[0]
    institution, organisation = affiliation_place(role, institution, organisation)
    note = (note or "").strip()
    if len(note) > 500:
        raise ValidationError({"note": _("A note has at most 500 characters.")})
    Person.objects.select_for_update().filter(pk=person.pk).first()  # one request at a time
    if Affiliation.objects.filter(
        person=person,
        role=role,
        institution=institution,
        organisation=organisation,
        state__in=[AffiliationState.REQUESTED, AffiliationState.GRANTED],
    ).exists():
        raise ValidationError(_("You already hold or have asked for this affiliation."))
    if role == Role.LIFELONG_LEARNER and organisation is None:
        return _affiliation_open(
            person=person, role=role, institution=None, organisation=None, granted_by=None
        )
    affiliation = Affiliation(
        person=person, role=role, institution=institution, organisation=organisation, note=note
    )
    affiliation.full_clean()
    affiliation.save()
    _event(affiliation, by, note)
    return affiliation


def _decidable(affiliation: Affiliation, by: Person, from_state: str) -> Affiliation:
    require(by, Action.APPROVE, affiliation)
    if affiliation.person_id == by.pk and not by.is_superuser:
        raise PermissionDenied(_("Nobody decides on their own affiliation."))
    affiliation = Affiliation.objects.select_for_update().get(pk=affiliation.pk)
    if affiliation.state != from_state:
        raise ValidationError(
            _("This affiliation is %(state)s already.")
            % {"state": affiliation.get_state_display().lower()}
        )
    return affiliation


def _decide(affiliation: Affiliation, by: Person, state: str, reason: str) -> Affiliation:
    affiliation.state = state
    affiliation.decided_by = by
    affiliation.decided_at = timezone.now()
    affiliation.reason = reason
    affiliation.full_clean()
    affiliation.save()
    _event(affiliation, by, reason)
    return affiliation


def _affiliation_words(affiliation: Affiliation) -> list:
    """An affiliation as a notification names it ("Student, HAN University of Applied
    Sciences"): the role's label stays translatable, so each reader reads their own."""
    where = affiliation.institution or affiliation.organisation
    label = Role(affiliation.role).label
    return [label, str(where)] if where else [label]


def _reason_required(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why, so that the person understands.")})
    if len(reason) > 500:
        raise ValidationError({"reason": _("A reason has at most 500 characters.")})
    return reason


@transaction.atomic
def affiliation_grant(*, affiliation: Affiliation, by: Person, reason: str = "") -> Affiliation:
    """Grant a requested affiliation; the person's affiliations elsewhere end with it.

    A person has one home institution and one organisation: granting one at another
    place revokes what they held at the old one, so no rule can mix the two.
    """
    affiliation = _decidable(affiliation, by, AffiliationState.REQUESTED)
    reason = (reason or "").strip()[:500]
    person = Person.objects.select_for_update().get(pk=affiliation.person_id)
    elsewhere = Affiliation.objects.filter(person=person, state=AffiliationState.GRANTED)
    if affiliation.institution_id:
        elsewhere = elsewhere.filter(institution__isnull=False).exclude(
            institution_id=affiliation.institution_id
        )
    elif affiliation.organisation_id:
        elsewhere = elsewhere.filter(organisation__isnull=False).exclude(
            organisation_id=affiliation.organisation_id
        )
    else:
        elsewhere = elsewhere.none()
    for old in elsewhere.select_for_update():
        _decide(
            old,
            by,
            AffiliationState.REVOKED,
            _("Replaced by: %(new)s.") % {"new": affiliation},
        )
    _decide(affiliation, by, AffiliationState.GRANTED, reason)
    if affiliation.role in (Role.COORDINATOR, Role.ADMIN) and not person.is_staff:
        # Coordinators and administrators look people up in the back office.
        Person.objects.filter(pk=person.pk).update(is_staff=True)
    _home_follow_grants(person)
    notify(
        person=person,
        message=gettext_noop("Your affiliation “%(a)s” is granted."),
        params={"a": _affiliation_words(affiliation)},
        url=reverse("people:profile"),
    )
    return affiliation


@transaction.atomic
def affiliation_refuse(*, affiliation: Affiliation, by: Person, reason: str) -> Affiliation:
    """Refuse a requested affiliation, saying why."""
    reason = _reason_required(reason)
    affiliation = _decidable(affiliation, by, AffiliationState.REQUESTED)
    _decide(affiliation, by, AffiliationState.REFUSED, reason)
    notify(
        person=affiliation.person,
        message=gettext_noop("Your request for “%(a)s” is refused: %(why)s"),
        params={"a": _affiliation_words(affiliation), "why": reason},
        url=reverse("people:profile"),
    )
    return affiliation


@transaction.atomic
def affiliation_revoke(*, affiliation: Affiliation, by: Person, reason: str) -> Affiliation:
    """End a granted affiliation, saying why; its permissions end with it."""
    reason = _reason_required(reason)
    affiliation = _decidable(affiliation, by, AffiliationState.GRANTED)
    _decide(affiliation, by, AffiliationState.REVOKED, reason)
    _home_follow_grants(affiliation.person)
    notify(
        person=affiliation.person,
        message=gettext_noop("Your affiliation “%(a)s” is revoked: %(why)s"),
        params={"a": _affiliation_words(affiliation), "why": reason},
        url=reverse("people:profile"),
    )
    return affiliation


def _validate_language(language: str, level: str) -> tuple[str, str]:
    language = (language or "").strip().lower()
    if language not in LANGUAGES:
        raise ValidationError(
            {"language": _("Give the language as an ISO 639-1 code, such as 'en' or 'nl'.")}
        )
    if level not in CEFRLevel.values:
        raise ValidationError(
            {
                "level": _(
                    "The level must be one of A1, A2, B1, B2, C1, C2 or native; got '%(level)s'."
                )
                % {"level": level}
            }
        )
    return language, level


@transaction.atomic
def person_language_set(*, person: Person, language: str, level: str, by: Person) -> PersonLanguage:
    """Add a language or change its CEFR level."""
    require(by, Action.CHANGE, person)
    language, level = _validate_language(language, level)
    entry, _created = PersonLanguage.objects.update_or_create(
        person=person, language=language, defaults={"level": level}
    )
    return entry


@transaction.atomic
def person_language_remove(*, person: Person, language: str, by: Person) -> None:
    require(by, Action.CHANGE, person)
    PersonLanguage.objects.filter(person=person, language=language).delete()


@transaction.atomic
def person_languages_replace(*, person: Person, languages: dict[str, str], by: Person) -> None:
    """Set the whole list of languages at once (all valid, or nothing changes)."""
    require(by, Action.CHANGE, person)
    cleaned = dict(_validate_language(lang, level) for lang, level in languages.items())
    PersonLanguage.objects.filter(person=person).exclude(language__in=cleaned).delete()
    for lang, level in cleaned.items():
        PersonLanguage.objects.update_or_create(
            person=person, language=lang, defaults={"level": level}
        )


def _skill_by_uri(uri: str) -> Skill:
    skill = Skill.objects.filter(uri=uri).first()
    if skill is None:
        raise ValidationError(
            {"skill": _("Unknown skill: %(uri)s is not in the skills taxonomy.") % {"uri": uri}}
        )
    return skill


def _validate_proficiency(proficiency) -> int:
    if proficiency not in (1, 2, 3, 4) or isinstance(proficiency, bool):
        raise ValidationError({"proficiency": _("Proficiency runs from 1 (basic) to 4 (expert).")})
    return proficiency


@transaction.atomic
def person_skill_set(
    *, person: Person, skill_uri: str, proficiency: int, by: Person
) -> PersonSkill:
    """Add a skill (by ESCO URI) to a profile, or change its proficiency."""
    require(by, Action.CHANGE, person)
    skill = _skill_by_uri(skill_uri)
    proficiency = _validate_proficiency(proficiency)
    entry, _created = PersonSkill.objects.update_or_create(
        person=person, skill=skill, defaults={"proficiency": proficiency}
    )
    return entry


@transaction.atomic
def person_skill_remove(*, person: Person, skill_uri: str, by: Person) -> None:
    require(by, Action.CHANGE, person)
    PersonSkill.objects.filter(person=person, skill__uri=skill_uri).delete()


@transaction.atomic
def person_skills_replace(*, person: Person, skills: dict[str, int], by: Person) -> None:
    """Set the whole list of skills at once (all valid, or nothing changes)."""
    require(by, Action.CHANGE, person)
    found = {s.uri: s for s in Skill.objects.filter(uri__in=list(skills))}
    missing = [uri for uri in skills if uri not in found]
    if missing:
        raise ValidationError(
            {
                "skills": _("Unknown skill: %(uri)s is not in the skills taxonomy.")
                % {"uri": ", ".join(missing)}
            }
        )
    for level in skills.values():
        _validate_proficiency(level)
    PersonSkill.objects.filter(person=person).exclude(skill__uri__in=list(skills)).delete()
    for uri, level in skills.items():
        PersonSkill.objects.update_or_create(
            person=person, skill=found[uri], defaults={"proficiency": level}
        )


@transaction.atomic
def api_token_create(*, person: Person, name: str, by: Person) -> tuple[ApiToken, str]:
    """Create a personal API token; the secret is returned once and never stored."""
    require(by, Action.CHANGE, person)
    name = (name or "").strip()
    if not name:
        raise ValidationError(
            {"name": _("Give the token a name, so that you can recognise it later.")}
        )
    if len(name) > 100:
        raise ValidationError({"name": _("A token name has at most 100 characters.")})
    secret, prefix, digest = token_generate()
    token = ApiToken(person=person, name=name, prefix=prefix, digest=digest)
    token.full_clean()
    token.save()
    return token, secret


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by: Person) -> ApiToken:
    """Revoke a token at once; it can never be used again."""
    require(by, Action.CHANGE, token.person)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def notify(
    *,
    person: Person,
    message: str,
    url: str = "",
    params: dict | None = None,
    email: bool = True,
) -> None:
    """Tell a person something in the campus and by e-mail (a task that commits with the
    caller's transaction, sent by a worker). ``message`` is an untranslated text
    (``gettext_noop``) with ``%(name)s`` placeholders filled from ``params``; both are stored
    as they are and rendered in the reader's language whenever the notification is read
    (``campus.people.notifications``): on the campus in the language of the page, by e-mail
    in the person's language. Params must be plain: text, numbers, dates, lazy labels."""
    from django.utils import translation

    from campus.jobs.services import task_enqueue

    from .models import Notification
    from .notifications import encode, encode_params, render
    from .tasks import notification_email_send

    stored = encode_params(params)  # refuses an object whose text would be frozen
    if not isinstance(message, str):  # a lazy text: store its message id, not a translation
        message = encode(message)["msgid"]
    with translation.override(settings.LANGUAGE_CODE):  # the source text, for the back office
        english = render(message, stored)
    notification = Notification.objects.create(
        person=person,
        message=english[:300],
        message_id=message[:300],
        params=stored,
        url=url[:300],
    )
    if email and person.email:
        task_enqueue(notification_email_send, notification.pk)


@transaction.atomic
def person_language_remember(*, person: Person, language: str, by: Person) -> Person:
    """Record the campus language a person uses, when they have not chosen one yet."""
    require(by, Action.CHANGE, person)
    if not person.language and language in dict(settings.LANGUAGES):
        Person.objects.filter(pk=person.pk, language="").update(language=language)
        person.language = language
    return person


@transaction.atomic
def notifications_mark_read(*, person: Person, by: Person, ids: Iterable[int] | None = None) -> int:
    """Mark a person's notifications read (all of them, or those ids); returns how many."""
    require(by, Action.CHANGE, person)
    from .models import Notification

    unread = Notification.objects.filter(person=person, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())
