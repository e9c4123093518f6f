"""Every write to people goes through here: in a transaction, validated, permission-checked."""

from collections.abc import Iterable

from django.contrib.auth.hashers import make_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campus.alliance.models import Institution, Organisation, Theme
from campus.permissions import Action, is_alliance_admin, require
from campus.skills.models import Skill

from .languages import LANGUAGES
from .models import (
    SELF_SERVICE_ROLES,
    ApiToken,
    CEFRLevel,
    Person,
    PersonLanguage,
    PersonSkill,
    Role,
    RoleGrant,
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


def _check_affiliation(roles: list[str], institution, organisation) -> None:
    if Role.STAKEHOLDER in roles and organisation is None:
        raise ValidationError(
            {"organisation": _("A stakeholder representative names their organisation.")}
        )
    needs_institution = {Role.STUDENT, Role.LECTURER, Role.RESEARCHER, Role.STAFF, Role.COORDINATOR}
    if needs_institution.intersection(roles) and institution is None:
        raise ValidationError(
            {"institution": _("Students and staff of the alliance name their home institution.")}
        )


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
    by: Person | None = None,
    trusted: bool = False,
) -> Person:
    """Create a person with their roles.

    Anyone may sign up with the self-service roles; coordinator and administrator
    roles are granted by an alliance administrator (``by``), or by the system
    itself (``trusted``: management commands such as the demo seeder).
    """
    roles = _validate_roles(roles)
    if not roles:
        raise ValidationError({"roles": _("Choose at least one role.")})
    privileged = [r for r in roles if r not in SELF_SERVICE_ROLES]
    if privileged and not (trusted or is_alliance_admin(by)):
        raise ValidationError({"roles": _("Only an alliance administrator grants these roles.")})
    _check_affiliation(roles, institution, organisation)
    email = Person.objects.normalize_email(email).strip().lower()
    if Person.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("A person with this e-mail address already exists.")})
    person = Person(
        email=email,
        display_name=display_name.strip(),
        institution=institution,
        organisation=organisation,
        themes=_validate_themes(themes),
        hours_per_week=hours_per_week,
        bio=bio,
        is_staff=Role.ADMIN in roles or Role.COORDINATOR in roles,
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
    RoleGrant.objects.bulk_create([RoleGrant(person=person, role=r) for r in roles])
    return person


def demo_password_hash(password: str) -> str:
    """Hash once, for seeding many people with the same demo password."""
    return make_password(password)


PROFILE_FIELDS = {
    "display_name",
    "institution",
    "organisation",
    "themes",
    "hours_per_week",
    "bio",
    "visibility",
    "gender",
}


@transaction.atomic
def person_update(*, person: Person, by: Person, **changes) -> Person:
    """Change a person's profile fields (themselves, their coordinator, or an administrator)."""
    require(by, Action.CHANGE, person)
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
    _check_affiliation(list(person.role_codes), person.institution, person.organisation)
    person.full_clean()
    person.save()
    return person


@transaction.atomic
def person_roles_set(*, person: Person, roles: Iterable[str], by: Person) -> Person:
    """Replace a person's roles; granting coordinator or administrator needs an administrator."""
    roles = _validate_roles(roles)
    current = set(person.role_codes)
    wanted = set(roles)
    privileged_change = (current ^ wanted) - set(SELF_SERVICE_ROLES)
    if privileged_change and not is_alliance_admin(by):
        raise ValidationError({"roles": _("Only an alliance administrator grants these roles.")})
    require(by, Action.CHANGE, person)
    if not wanted:
        raise ValidationError({"roles": _("Choose at least one role.")})
    _check_affiliation(roles, person.institution, person.organisation)
    RoleGrant.objects.filter(person=person).exclude(role__in=wanted).delete()
    RoleGrant.objects.bulk_create(
        [RoleGrant(person=person, role=r) for r in wanted - current], ignore_conflicts=True
    )
    person.__dict__.pop("role_codes", None)
    return person


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


def notify(*, person: Person, message: str, url: str = "", email: bool = True) -> None:
    """Tell a person something in the campus and, once the transaction commits, by e-mail."""
    from django.conf import settings
    from django.core.mail import send_mail

    from .models import Notification

    Notification.objects.create(person=person, message=message[:300], url=url[:300])
    if email and person.email:
        transaction.on_commit(
            lambda: send_mail(
                subject=message[:120],
                message=f"{message}\n\n{url}".strip(),
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[person.email],
                fail_silently=True,
            )
        )


@transaction.atomic
def notifications_mark_read(*, person: Person, by: Person, ids: Iterable[int] | None = None) -> int:
    """Mark a person's notifications read (all of them, or those ids); returns how many."""
    require(by, Action.CHANGE, person)
    from .models import Notification

    unread = Notification.objects.filter(person=person, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())
