"""Reading credentials: what a holder has, what an issuer issued, what a page shows."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from campus.catalog.models import PASSING_GRADES, Enrolment, EnrolmentStatus
from campus.jobs.models import JobStatus
from campus.people.models import Person
from campus.permissions import coordinates, is_alliance_admin
from campus.skills.models import Skill
from campus.skills.selectors import preferred_labels_prefetch, skills_by_uris

from .models import Achievement, Credential, IssuanceJob


def held_by(person: Person) -> QuerySet[Credential]:
    return (
        Credential.objects.filter(person=person)
        .select_related("achievement", "issuer")
        .order_by("-issued_at", "-pk")
    )


def earned_since(person: Person, since: datetime.datetime) -> QuerySet[Credential]:
    """The person's credentials issued since then and still standing, newest first."""
    return held_by(person).filter(issued_at__gte=since, revoked_at__isnull=True)


ALL_ISSUERS = 0


def _issuer_scope(user: Person) -> int | None:
    """Whose issuing the user looks after: their institution's id as its coordinator,
    ``ALL_ISSUERS`` as an administrator, None for nobody."""
    if is_alliance_admin(user):
        return ALL_ISSUERS
    if coordinates(user, user.institution_id):
        return user.institution_id
    return None


def suspended_for(user: Person) -> QuerySet[Credential]:
    """Suspended credentials of the user's institution: each waits to be reinstated or revoked."""
    scope = _issuer_scope(user)
    if scope is None:
        return Credential.objects.none()
    found = Credential.objects.filter(suspended_at__isnull=False, revoked_at__isnull=True)
    if scope != ALL_ISSUERS:
        found = found.filter(issuer_id=scope)
    return found.select_related("achievement", "person").order_by("suspended_at", "pk")


def issuance_jobs_stuck(user: Person) -> QuerySet[IssuanceJob]:
    """Bulk issuances of the user's institution's runs that failed or were interrupted."""
    scope = _issuer_scope(user)
    if scope is None:
        return IssuanceJob.objects.none()
    found = IssuanceJob.objects.filter(status__in=(JobStatus.FAILED, JobStatus.INTERRUPTED))
    if scope != ALL_ISSUERS:
        found = found.filter(run__course__hosts=scope)
    return found.select_related("run__course").order_by("created_at", "pk").distinct()


def runs_missing_credentials(user: Person) -> list[dict]:
    """Runs hosted by the user's institution whose passing participants hold no credential for
    it (neither standing nor revoked by the issuer): ``run_id``, course code and title, run
    label and ``missing``, in one query."""
    scope = _issuer_scope(user)
    if scope is None:
        return []
    has_one = Credential.objects.filter(
        person_id=OuterRef("person_id"), run_id=OuterRef("run_id")
    ).filter(Q(revoked_at__isnull=True) | Q(revoked_by_record=False))
    passed = Enrolment.objects.filter(
        status=EnrolmentStatus.COMPLETED, ects_grade__in=PASSING_GRADES
    ).exclude(Exists(has_one))
    if scope != ALL_ISSUERS:
        passed = passed.filter(run__course__hosts=scope)
    return list(
        passed.values("run_id", "run__label", "run__course__code", "run__course__title")
        .annotate(missing=Count("pk", distinct=True))
        .order_by("run__course__code", "run_id")
    )


def issued_by_visible_to(user: Person, query: str = "") -> QuerySet[Credential]:
    """The credentials a coordinator's institution issued (all of them for an administrator)."""
    credentials = Credential.objects.select_related("achievement", "issuer", "person")
    if not is_alliance_admin(user):
        # Only a granted coordinator sees their institution's; anyone else sees none.
        if not coordinates(user, user.institution_id):
            return credentials.none()
        credentials = credentials.filter(issuer_id=user.institution_id)
    if query:
        credentials = credentials.filter(person__email__icontains=query) | credentials.filter(
            achievement__title__icontains=query
        )
    return credentials.order_by("-issued_at", "-pk")


def achievements_of(institution) -> QuerySet[Achievement]:
    return (
        Achievement.objects.filter(issuer=institution)
        .annotate(issued=Count("credentials"))
        .order_by("title")
    )


def credential_by_uid(uid) -> Credential | None:
    return (
        Credential.objects.select_related("achievement", "issuer", "person").filter(uid=uid).first()
    )


def achievement_by_uid(uid) -> Achievement | None:
    return (
        Achievement.objects.select_related("issuer", "course", "programme")
        .prefetch_related(
            Prefetch(
                "skills", queryset=Skill.objects.prefetch_related(*preferred_labels_prefetch())
            ),
            "partners",
            "requires",
            "stacks_into",
        )
        .filter(uid=uid)
        .first()
    )


@dataclass
class Element:
    label: str
    value: str


def _dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def _dicts(value) -> list[dict]:
    items = value if isinstance(value, list) else [value]
    return [item for item in items if isinstance(item, dict)]


def eu_elements(document: dict) -> list[Element]:
    """The EU micro-credential elements, read back from a credential (any shape: it may
    come from another issuer, or be malformed)."""
    from django.utils.translation import gettext as _

    subject = _dict(document.get("credentialSubject"))
    achievement = _dict(subject.get("achievement"))
    issuer = _dict(document.get("issuer"))
    address = _dict(issuer.get("address"))
    names = [
        str(i.get("identityHash", ""))
        for i in _dicts(subject.get("identifier"))
        if i.get("identityType") == "name"
    ]
    eqf = [
        str(a.get("targetCode", ""))
        for a in _dicts(achievement.get("alignment"))
        if a.get("targetType") == "ext:EQFLevel"
    ]
    grade = [str(r.get("value", "")) for r in _dicts(subject.get("result"))]
    outcomes = achievement.get("learningOutcome")
    outcomes = [str(o) for o in outcomes] if isinstance(outcomes, list) else []
    workload = achievement.get("creditsAvailable")
    hours = achievement.get("workloadHours")
    rows = [
        (_("Learner"), ", ".join(names)),
        (_("Title"), achievement.get("name", "")),
        (_("Country of the issuer"), address.get("addressCountry", "")),
        (_("Awarding body"), issuer.get("name", "")),
        (_("Date of issuing"), str(document.get("validFrom") or "")[:10]),
        (_("Learning outcomes"), " · ".join(outcomes)),
        (
            _("Notional workload"),
            (_("%(ects)s ECTS") % {"ects": workload} if workload is not None else "")
            + (_(" (%(hours)s hours)") % {"hours": hours} if hours else ""),
        ),
        (_("Level (EQF)"), ", ".join(eqf)),
        (_("Type of assessment"), achievement.get("assessmentType", "")),
        (_("Form of participation"), achievement.get("participationForm", "")),
        (_("Type of quality assurance"), achievement.get("qualityAssurance", "")),
        (_("Prerequisites"), achievement.get("prerequisites", "")),
        (
            _("Supervision and identity verification"),
            achievement.get("supervisionAndIdentityVerification", ""),
        ),
        (_("Grade"), ", ".join(grade)),
        (_("Integration and stackability"), achievement.get("integrationAndStackability", "")),
        (_("Further information"), achievement.get("furtherInformation", "")),
    ]
    return [Element(label, str(value)) for label, value in rows if value]


def skills_of(document: dict) -> list[dict]:
    """The ESCO skills a credential aligns to, as signed (`label`, `url`), with `local`: the
    skill's name in the reader's language when the campus knows it and it differs."""
    achievement = _dict(_dict(document.get("credentialSubject")).get("achievement"))
    skills = [
        {"label": str(a.get("targetName", "")), "url": str(a.get("targetUrl", "")), "local": ""}
        for a in _dicts(achievement.get("alignment"))
        if a.get("targetFramework") == "ESCO"
    ]
    known = {s.uri: s.display_label for s in skills_by_uris(s["url"] for s in skills)}
    for skill in skills:
        if known.get(skill["url"], skill["label"]) != skill["label"]:
            skill["local"] = known[skill["url"]]
    return skills
