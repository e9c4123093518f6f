"""What the campus does with a launch the library has validated: find or provision the
person, find the run the resource link opens, remember where the platform takes its scores,
log the launch and enrol the learner through the catalogue (docs/decisions/0016-lti.md)."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from pylti1p3.names_roles import NamesRolesProvisioningService
from pylti1p3.service_connector import ServiceConnector

from campus.catalog import services as catalog
from campus.catalog.models import SEATED_STATUSES, Enrolment, EnrolmentStatus, Run
from campus.catalog.selectors import enrolment_blockers
from campus.learning.permissions import may_teach
from campus.people import services as people
from campus.people.models import Affiliation, AffiliationEvent, AffiliationState, Person, Role

from .models import LtiAccount, LtiDeployment, LtiLaunch, LtiLineItem, LtiPlatform, LtiResourceLink
from .outbound import PlatformSession, hosts_of
from .toolconf import registration_of

log = logging.getLogger(__name__)

CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
ROLES = CLAIM + "roles"
RESOURCE_LINK = CLAIM + "resource_link"
DEPLOYMENT = CLAIM + "deployment_id"
MESSAGE_TYPE = CLAIM + "message_type"
CUSTOM = CLAIM + "custom"
AGS = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
NRPS = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
ROSTER_PAGES = 20  # at most this many pages of a platform's roster are read
RUN_PARAM = "campus_run"  # the custom parameter the campus's deep-linking answer sets

LIS = "http://purl.imsglobal.org/vocab/lis/v2/"
LEARNER = LIS + "membership#Learner"
TEACHING = {
    LIS + "membership#Instructor",
    LIS + "membership#Administrator",
    LIS + "membership#ContentDeveloper",
    LIS + "membership#Mentor",
    LIS + "membership/Instructor#TeachingAssistant",
    LIS + "institution/person#Instructor",
    LIS + "institution/person#Faculty",
    LIS + "institution/person#Staff",
    LIS + "institution/person#Administrator",
    LIS + "system/person#Administrator",
    LIS + "system/person#SysAdmin",
}


def is_instructor(claims: dict) -> bool:
    roles = set(claims.get(ROLES) or [])
    return bool(roles & TEACHING) or "Instructor" in roles


def is_learner(claims: dict) -> bool:
    """Only the context role Learner, and nobody who also teaches, counts as a learner."""
    roles = set(claims.get(ROLES) or [])
    return (LEARNER in roles or "Learner" in roles) and not is_instructor(claims)


@dataclass
class Outcome:
    """What a launch led to: ``state`` is enrolled, full, blocked, teaching or unlinked."""

    person: Person
    launch: LtiLaunch
    state: str
    run: Run | None = None
    reasons: list[str] = field(default_factory=list)


# --- the person ------------------------------------------------------------------------------


def _display_name(claims: dict) -> str:
    name = (claims.get("name") or "").strip()
    if not name:
        name = " ".join(
            p for p in ((claims.get("given_name") or "").strip(), (claims.get("family_name") or "").strip()) if p
        )  # fmt: skip
    return (name or _("Learner from a partner platform"))[:120]


def _placeholder_email(platform: LtiPlatform, sub: str) -> str:
    digest = hashlib.sha256(f"{platform.issuer}|{platform.client_id}|{sub}".encode()).hexdigest()
    return f"lti-{digest[:24]}@lti.invalid"


def _grant_asserted(person: Person, platform: LtiPlatform) -> None:
    """The platform, registered for its institution by the alliance, asserts that the person
    learns there: the one grant a launch makes (student at that institution)."""
    reason = _("Asserted by the LTI platform %(platform)s.") % {"platform": platform.name}
    affiliation = Affiliation(
        person=person,
        role=Role.STUDENT,
        institution=platform.institution,
        state=AffiliationState.GRANTED,
        decided_at=timezone.now(),
        reason=reason[:500],
    )
    affiliation.full_clean()
    affiliation.save()
    AffiliationEvent.objects.create(
        affiliation=affiliation, state=affiliation.state, by=None, reason=affiliation.reason
    )
    Person.objects.filter(pk=person.pk).update(institution=platform.institution)
    person.institution = platform.institution
    person.forget_affiliations()


def _provision(platform: LtiPlatform, sub: str, claims: dict) -> Person:
    email = (claims.get("email") or "").strip().lower()
    if not email or Person.objects.filter(email__iexact=email).exists():
        # An address the campus has not seen verified may belong to someone else here: it
        # never joins an existing account, and the new one gets a placeholder instead.
        email = _placeholder_email(platform, sub)
    try:
        email_field = Person._meta.get_field("email")
        email_field.clean(email, None)
    except ValidationError:
        email = _placeholder_email(platform, sub)
    person = people.person_create(
        email=email,
        display_name=_display_name(claims),
        password=None,  # no usable password: this person signs in through their platform
        roles=[Role.LIFELONG_LEARNER],
    )
    if platform.institution_id:
        if is_learner(claims):
            _grant_asserted(person, platform)
        elif is_instructor(claims):
            people.affiliation_request(
                person=person,
                role=Role.LECTURER,
                institution=platform.institution,
                note=_("Instructor at the LTI platform %(platform)s.")
                % {"platform": platform.name},
                by=person,
            )
    log.info("LTI: provisioned person %s for %s sub %s", person.pk, platform, sub)
    return person


def person_for_launch(*, platform: LtiPlatform, sub: str, claims: dict) -> Person:
    """The campus person of a platform's user: known by an earlier launch, matched by an
    e-mail address verified on the campus (only for a platform trusted for its institution),
    or provisioned."""
    account = LtiAccount.objects.select_related("person").filter(platform=platform, sub=sub).first()
    if account is not None:
        return account.person
    person = None
    email = (claims.get("email") or "").strip()
    if email and platform.match_by_email and platform.institution_id:
        address = (
            EmailAddress.objects.select_related("user")
            .filter(email__iexact=email, verified=True)
            .first()
        )
        person = address.user if address else None
    if person is None:
        person = _provision(platform, sub, claims)
    try:
        with transaction.atomic():
            LtiAccount.objects.create(platform=platform, sub=sub, person=person)
    except IntegrityError:  # the same user's launch in another tab, at the same moment
        return LtiAccount.objects.get(platform=platform, sub=sub).person
    return person


# --- the run, the line item, the enrolment ---------------------------------------------------


def _resource_link(platform: LtiPlatform, claims: dict) -> LtiResourceLink | None:
    link = claims.get(RESOURCE_LINK) or {}
    link_id = str(link.get("id") or "")
    if not link_id:
        return None
    found = (
        LtiResourceLink.objects.select_related("run__course")
        .filter(platform=platform, resource_link_id=link_id)
        .first()
    )
    if found is not None:
        return found
    wanted = str((claims.get(CUSTOM) or {}).get(RUN_PARAM) or "")
    run = Run.objects.filter(pk=int(wanted)).first() if wanted.isdigit() else None
    if run is None:
        return None
    found, _created = LtiResourceLink.objects.get_or_create(
        platform=platform,
        resource_link_id=link_id,
        defaults={"run": run, "title": str(link.get("title") or "")[:255]},
    )
    return found


def _line_item(link: LtiResourceLink | None, claims: dict) -> LtiLineItem | None:
    endpoint = claims.get(AGS) or {}
    url = str(endpoint.get("lineitem") or "")
    scopes = [str(s) for s in endpoint.get("scope") or []]
    if link is None or not url or SCORE_SCOPE not in scopes or len(url) > 500:
        return None
    item, _created = LtiLineItem.objects.update_or_create(
        resource_link=link,
        url=url,
        defaults={"lineitems_url": str(endpoint.get("lineitems") or "")[:500], "scopes": scopes},
    )
    return item


def _memberships(link: LtiResourceLink | None, claims: dict) -> None:
    url = str((claims.get(NRPS) or {}).get("context_memberships_url") or "")
    if link is not None and url and len(url) <= 500 and url != link.memberships_url:
        link.memberships_url = url
        link.full_clean()
        link.save(update_fields=["memberships_url"])


def _enrol(run: Run, person: Person) -> tuple[str, list[str]]:
    if Enrolment.objects.filter(run=run, person=person, status__in=SEATED_STATUSES).exists():
        return "enrolled", []
    reasons = enrolment_blockers(run=run, person=person)
    if reasons:
        return "blocked", reasons
    if run.enrolments.filter(status__in=SEATED_STATUSES).count() >= run.capacity:
        return "full", [_("This run is full.")]
    try:
        enrolment = catalog.enrol(run=run, person=person, by=person)
    except ValidationError as exc:
        return "blocked", list(exc.messages)
    if enrolment.status != EnrolmentStatus.ENROLLED:  # filled up in the meantime
        return "full", [_("This run is full: you are on its waiting list.")]
    return "enrolled", []


@transaction.atomic
def launch_accept(*, platform: LtiPlatform, claims: dict) -> Outcome:
    """Act on a launch the library validated (state, nonce, signature, deployment, claims)."""
    deployment = LtiDeployment.objects.get(
        platform=platform, deployment_id=str(claims[DEPLOYMENT]), active=True
    )
    sub = str(claims.get("sub") or "")
    if not sub:
        raise ValidationError(_("The launch names no user."))
    person = person_for_launch(platform=platform, sub=sub, claims=claims)
    if not person.is_active:
        raise ValidationError(_("This campus account is closed."))
    deep_linking = claims.get(MESSAGE_TYPE) == "LtiDeepLinkingRequest"
    link = None if deep_linking else _resource_link(platform, claims)
    run = link.run if link else None
    _memberships(link, claims)
    launch = LtiLaunch.objects.create(
        platform=platform,
        deployment=deployment,
        sub=sub[:255],
        person=person,
        run=run,
        resource_link=link,
        line_item=_line_item(link, claims),
        message_type=str(claims.get(MESSAGE_TYPE) or "")[:40],
        roles=[str(r)[:200] for r in (claims.get(ROLES) or [])][:20],
    )
    if deep_linking:
        return Outcome(person=person, launch=launch, state="deep_linking")
    if run is None:
        return Outcome(person=person, launch=launch, state="unlinked")
    if not is_learner(claims):
        # Instructors are signed in, not enrolled; teaching a run is granted on the campus.
        return Outcome(person=person, launch=launch, state="teaching", run=run)
    state, reasons = _enrol(run, person)
    return Outcome(person=person, launch=launch, state=state, run=run, reasons=reasons)


# --- the roster (Names and Role Provisioning Services) --------------------------------------


@dataclass(frozen=True)
class Member:
    """One member of the platform's course, and who they are on the campus (if anyone)."""

    name: str
    roles: tuple[str, ...]
    status: str
    person: Person | None
    enrolment: Enrolment | None


def _role_words(roles: list[str]) -> tuple[str, ...]:
    return tuple(sorted({str(r).rsplit("#", 1)[-1].rsplit("/", 1)[-1] for r in roles}))


def roster_read(*, link: LtiResourceLink, by: Person) -> list[Member]:
    """The members of the platform's course a resource link sits in, read from the platform
    (NRPS, through the library), beside their campus person and enrolment in the run. Only
    those who may assess the run read it; nothing is written."""
    if not may_teach(by, link.run):
        raise PermissionDenied(_("Only the run's teachers read its partner platforms' rosters."))
    if not link.memberships_url:
        raise ValidationError(_("This platform has not offered its course roster."))
    platform = link.platform
    session = PlatformSession(hosts_of(platform.auth_token_url, link.memberships_url))
    service = NamesRolesProvisioningService(
        ServiceConnector(registration_of(platform), session),
        {"context_memberships_url": link.memberships_url},
    )
    members: list[dict] = []
    url: str | None = link.memberships_url
    for _page in range(ROSTER_PAGES):
        if not url:
            break
        page, url = service.get_members_page(url)
        members.extend(m for m in page if isinstance(m, dict))
    subs = [str(m.get("user_id") or "") for m in members]
    accounts = {
        a.sub: a.person
        for a in LtiAccount.objects.select_related("person").filter(platform=platform, sub__in=subs)
    }
    enrolments = {
        e.person_id: e
        for e in Enrolment.objects.filter(
            run=link.run, person__in=[p.pk for p in accounts.values()]
        )
    }
    roster = []
    for member, sub in zip(members, subs, strict=True):
        person = accounts.get(sub)
        roster.append(
            Member(
                name=str(member.get("name") or member.get("given_name") or sub)[:120],
                roles=_role_words(list(member.get("roles") or [])),
                status=str(member.get("status") or "Active")[:20],
                person=person,
                enrolment=enrolments.get(person.pk) if person else None,
            )
        )
    return roster
