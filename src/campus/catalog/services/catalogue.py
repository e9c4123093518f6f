"""Every write to the catalogue: courses and runs (coordinators). Each in a transaction,
validated, with its permission check. Enrolment and results are in ``records``."""

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campus.alliance.models import Institution, Theme
from campus.people.languages import LANGUAGES
from campus.people.models import Person, Role
from campus.permissions import Action, is_alliance_admin, require
from campus.skills.models import Skill

from ..models import (
    SEATED_STATUSES,
    Assessment,
    Audience,
    Course,
    CourseType,
    EnrolmentStatus,
    LearningOutcome,
    Mode,
    Run,
)
from ..validation import parse_decimal
from .records import promote_waitlist

# --- validation helpers --------------------------------------------------------------------


def _choices(values: Iterable[str], allowed: Sequence[str], field: str) -> list[str]:
    values = list(dict.fromkeys(values or ()))
    unknown = [v for v in values if v not in allowed]
    if unknown:
        raise ValidationError(
            {
                field: _("Unknown value: %(values)s; choose from %(allowed)s.")
                % {"values": ", ".join(map(str, unknown)), "allowed": ", ".join(allowed)}
            }
        )
    return values


def _choice(value: str, allowed: Sequence[str], field: str) -> str:
    return _choices([value], allowed, field)[0]


def _skills(uris: Iterable[str]) -> list[Skill]:
    uris = list(dict.fromkeys(uris))
    found = {s.uri: s for s in Skill.objects.filter(uri__in=uris)}
    missing = [u for u in uris if u not in found]
    if missing:
        raise ValidationError(
            {
                "outcomes": _("Unknown skill: %(uri)s is not in the skills taxonomy.")
                % {"uri": ", ".join(missing)}
            }
        )
    return [found[u] for u in uris]


# --- courses -------------------------------------------------------------------------------

# The fields of a course a service sets, in the order forms and CSV files show them.
COURSE_FIELD_ORDER = (
    "code",
    "type",
    "title",
    "description",
    "local_language",
    "title_local",
    "description_local",
    "ects",
    "eqf_level",
    "isced_field",
    "languages",
    "mode",
    "workload_hours",
    "prerequisites_text",
    "assessment",
    "audience",
    "themes",
    "fee_external",
    "published",
)
COURSE_FIELDS = frozenset(COURSE_FIELD_ORDER)


def _clean_course_fields(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - COURSE_FIELDS - {"hosts", "outcomes", "prerequisites"}
    if unknown:
        raise ValidationError(
            _("These fields cannot be set on a course: %(f)s.") % {"f": ", ".join(sorted(unknown))}
        )
    cleaned = dict(fields)
    if "type" in cleaned:
        cleaned["type"] = _choice(cleaned["type"], CourseType.values, "type")
    if "mode" in cleaned:
        cleaned["mode"] = _choice(cleaned["mode"], Mode.values, "mode")
    if "assessment" in cleaned:
        cleaned["assessment"] = _choice(cleaned["assessment"], Assessment.values, "assessment")
    if "audience" in cleaned:
        cleaned["audience"] = _choices(cleaned["audience"], Audience.values, "audience")
        if not cleaned["audience"]:
            raise ValidationError({"audience": _("Name at least one audience.")})
    if "themes" in cleaned:
        cleaned["themes"] = _choices(cleaned["themes"], Theme.values, "themes")
    if "languages" in cleaned:
        cleaned["languages"] = _choices(
            [str(v).strip().lower() for v in cleaned["languages"]], sorted(LANGUAGES), "languages"
        )
        if not cleaned["languages"]:
            raise ValidationError({"languages": _("Name at least one teaching language.")})
    if cleaned.get("local_language"):
        cleaned["local_language"] = _choice(
            cleaned["local_language"].strip().lower(), sorted(LANGUAGES), "local_language"
        )
    if "ects" in cleaned:
        cleaned["ects"] = parse_decimal(cleaned["ects"], "ects", maximum=Decimal("180"))
        if cleaned["ects"] == 0:
            raise ValidationError({"ects": _("A course gives at least some ECTS credits.")})
    if "fee_external" in cleaned:
        cleaned["fee_external"] = parse_decimal(cleaned["fee_external"], "fee_external")
    for field, low, high in (("eqf_level", 1, 8), ("workload_hours", 1, 5000)):
        if field in cleaned:
            try:
                cleaned[field] = int(cleaned[field])
            except (TypeError, ValueError):
                raise ValidationError(
                    {field: _("“%(value)s” is not a whole number.") % {"value": cleaned[field]}}
                ) from None
            if not low <= cleaned[field] <= high:
                raise ValidationError(
                    {
                        field: _("The value must be between %(low)s and %(high)s.")
                        % {"low": low, "high": high}
                    }
                )
    if "isced_field" in cleaned:
        code = str(cleaned["isced_field"]).strip()
        if not (code.isdigit() and len(code) in (2, 3, 4)):
            raise ValidationError(
                {
                    "isced_field": _(
                        "Give the ISCED-F 2013 field as its 2-, 3- or 4-digit code, such as 0712."
                    )
                }
            )
        cleaned["isced_field"] = code
    return cleaned


def _check_hosts(by: Person, hosts: Sequence[Institution]) -> None:
    if not hosts:
        raise ValidationError({"hosts": _("A course has at least one host institution.")})
    if not is_alliance_admin(by) and by.institution_id not in {h.pk for h in hosts}:
        raise ValidationError(
            {"hosts": _("A coordinator adds courses of their own institution only.")}
        )


def _set_outcomes(course: Course, outcomes: Sequence[tuple[str, Sequence[str]]]) -> None:
    resolved = []
    for text, uris in outcomes:
        text = (text or "").strip()
        if not text:
            raise ValidationError({"outcomes": _("A learning outcome cannot be empty.")})
        resolved.append((text, _skills(uris)))
    course.outcomes.all().delete()
    for position, (text, skills) in enumerate(resolved):
        outcome = LearningOutcome.objects.create(course=course, position=position, text=text)
        outcome.skills.set(skills)


def _set_prerequisites(course: Course, prerequisites: Sequence[Course]) -> None:
    if any(p.pk == course.pk for p in prerequisites):
        raise ValidationError({"prerequisites": _("A course cannot be its own prerequisite.")})
    course.prerequisites.set(prerequisites)


def _reindex(course: Course) -> None:
    from .. import search

    search.course_reindex(course)


@transaction.atomic
def course_create(
    *,
    by: Person,
    hosts: Sequence[Institution],
    outcomes: Sequence[tuple[str, Sequence[str]]] = (),
    prerequisites: Sequence[Course] = (),
    **fields: Any,
) -> Course:
    """Add a course to the catalogue (a coordinator of a host institution, or an administrator)."""
    require(by, Action.CREATE, Course)
    _check_hosts(by, hosts)
    cleaned = _clean_course_fields(fields)
    if Course.objects.filter(code=cleaned.get("code", "")).exists():
        raise ValidationError(
            {
                "code": _("A course with the code %(code)s exists already.")
                % {"code": cleaned.get("code")}
            }
        )
    course = Course(**cleaned)
    course.full_clean()
    course.save()
    course.hosts.set(hosts)
    _set_outcomes(course, outcomes)
    _set_prerequisites(course, prerequisites)
    _reindex(course)
    return course


@transaction.atomic
def course_update(*, course: Course, by: Person, **fields: Any) -> Course:
    """Change a course; outcomes, hosts and prerequisites are replaced when given."""
    require(by, Action.CHANGE, course)
    cleaned = _clean_course_fields(fields)
    hosts = cleaned.pop("hosts", None)
    outcomes = cleaned.pop("outcomes", None)
    prerequisites = cleaned.pop("prerequisites", None)
    course = Course.objects.select_for_update().get(pk=course.pk)
    for field, value in cleaned.items():
        setattr(course, field, value)
    course.full_clean()
    course.save()
    if hosts is not None:
        _check_hosts(by, hosts)
        course.hosts.set(hosts)
    if outcomes is not None:
        _set_outcomes(course, outcomes)
    if prerequisites is not None:
        _set_prerequisites(course, prerequisites)
    _reindex(course)
    return course


# --- runs ----------------------------------------------------------------------------------

RUN_FIELDS = frozenset(
    {
        "label",
        "starts_on",
        "ends_on",
        "enrolment_opens",
        "enrolment_closes",
        "capacity",
        "waitlist",
        "location",
        "self_paced",
        "personal_weeks",
    }
)


def _clean_run(run: Run) -> None:
    errors = {}
    if run.starts_on and run.ends_on and run.ends_on < run.starts_on:
        errors["ends_on"] = _("A run cannot end before it starts.")
    if run.enrolment_opens and run.enrolment_closes and run.enrolment_closes < run.enrolment_opens:
        errors["enrolment_closes"] = _("Enrolment cannot close before it opens.")
    if run.enrolment_opens and run.ends_on and run.enrolment_opens > run.ends_on:
        errors["enrolment_opens"] = _("Enrolment must open before the run ends.")
    if run.personal_weeks and not run.self_paced:
        errors["personal_weeks"] = _("Only a self-paced run gives each learner their own weeks.")
    if errors:
        raise ValidationError(errors)
    try:
        run.capacity = int(run.capacity)
    except (TypeError, ValueError):
        raise ValidationError(
            {"capacity": _("“%(value)s” is not a whole number.") % {"value": run.capacity}}
        ) from None
    if run.capacity < 1:
        raise ValidationError({"capacity": _("A run has at least one place.")})
    run.full_clean()


def _check_teachers(teachers: Sequence[Person]) -> None:
    for teacher in teachers:
        if not (
            teacher.has_role(Role.LECTURER)
            or teacher.has_role(Role.RESEARCHER)
            or teacher.has_role(Role.STAFF)
        ):
            raise ValidationError(
                {
                    "teachers": _("%(name)s is not a lecturer, researcher or staff member.")
                    % {"name": teacher}
                }
            )


@transaction.atomic
def run_create(
    *, course: Course, by: Person, teachers: Sequence[Person] = (), **fields: Any
) -> Run:
    """Offer a course again: a new run with dates, window and places."""
    require(by, Action.CHANGE, course)
    unknown = set(fields) - RUN_FIELDS
    if unknown:
        raise ValidationError(
            _("These fields cannot be set on a run: %(f)s.") % {"f": ", ".join(sorted(unknown))}
        )
    run = Run(course=course, **fields)
    _clean_run(run)
    _check_teachers(teachers)
    run.save()
    run.teachers.set(teachers)
    return run


@transaction.atomic
def run_update(
    *, run: Run, by: Person, teachers: Sequence[Person] | None = None, **fields: Any
) -> Run:
    """Change a run; more places promote people from the waiting list."""
    run = Run.objects.select_for_update().select_related("course").get(pk=run.pk)
    require(by, Action.CHANGE, run)
    unknown = set(fields) - RUN_FIELDS
    if unknown:
        raise ValidationError(
            _("These fields cannot be set on a run: %(f)s.") % {"f": ", ".join(sorted(unknown))}
        )
    for field, value in fields.items():
        setattr(run, field, value)
    _clean_run(run)
    seated = run.enrolments.filter(status__in=SEATED_STATUSES).count()
    if run.capacity < seated:
        raise ValidationError(
            {
                "capacity": _(
                    "%(n)s people already have a place; the run cannot have fewer places."
                )
                % {"n": seated}
            }
        )
    run.save()
    if teachers is not None:
        _check_teachers(teachers)
        run.teachers.set(teachers)
    promote_waitlist(run)
    return run


@transaction.atomic
def run_close(*, run: Run, by: Person) -> Run:
    """Close a run once every participant has a result; the waiting list is released."""
    run = Run.objects.select_for_update().select_related("course").get(pk=run.pk)
    require(by, Action.ASSESS, run)
    if run.closed_at is not None:
        raise ValidationError(_("This run is closed already."))
    pending = run.enrolments.filter(
        status__in=(EnrolmentStatus.ENROLLED, EnrolmentStatus.APPLIED)
    ).count()
    if pending:
        raise ValidationError(
            _("%(n)s participants have no result yet; record them before closing the run.")
            % {"n": pending}
        )
    run.enrolments.filter(status=EnrolmentStatus.WAITLISTED).update(
        status=EnrolmentStatus.WITHDRAWN
    )
    run.closed_at = timezone.now()
    run.save(update_fields=["closed_at"])
    return run
