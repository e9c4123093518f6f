"""Applying to an open challenge (students, lecturers, researchers) and withdrawing."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from campus.people.models import Person, Role
from campus.permissions import is_alliance_admin

from ..models import (
    Application,
    ApplicationRole,
    ApplicationStatus,
    Challenge,
)
from .challenges import _whole
from .state import S, _lock

# --- applications ----------------------------------------------------------------------------

STUDENT_APPLICANT_ROLES = frozenset({Role.STUDENT, Role.LIFELONG_LEARNER})
ROLE_NEEDS = {
    ApplicationRole.COACH: frozenset({Role.LECTURER}),
    ApplicationRole.RESEARCHER: frozenset({Role.RESEARCHER}),
}


@transaction.atomic
def application_submit(
    *,
    challenge: Challenge,
    person: Person,
    by: Person,
    role: str,
    rank: int | None = None,
    motivation: str = "",
    hours: int | None = None,
) -> Application:
    """Apply to an open challenge: a student with a ranked preference (1 = first choice), or a
    lecturer (coach) or researcher with the hours they can give each week."""
    if by.pk != person.pk:
        raise PermissionDenied(_("People apply for themselves."))
    challenge = _lock(challenge)
    if challenge.state != S.OPEN:
        raise ValidationError(_("Applications for this challenge are closed."))
    if challenge.applications_closed_on(timezone.localdate()):
        raise ValidationError(
            _("Applications for this challenge closed on %(date)s.")
            % {"date": date_format(challenge.applications_close_on, "DATE_FORMAT")}
        )
    if role not in ApplicationRole.values:
        raise ValidationError(
            {"role": _("Apply as a student, a coach or a researcher; got “%(r)s”.") % {"r": role}}
        )
    mine = Application.objects.filter(person=person)
    existing = mine.filter(challenge=challenge).first()
    if existing is not None and existing.status != ApplicationStatus.WITHDRAWN:
        raise ValidationError(_("You have applied to this challenge already."))
    motivation = (motivation or "").strip()
    if len(motivation) > 5000:
        raise ValidationError({"motivation": _("A motivation has at most 5,000 characters.")})
    if role == ApplicationRole.STUDENT:
        if not person.role_codes & STUDENT_APPLICANT_ROLES:
            raise ValidationError(
                {"role": _("Only students and lifelong learners apply as team students.")}
            )
        taken = set(
            mine.filter(role=ApplicationRole.STUDENT, status=ApplicationStatus.SUBMITTED)
            .exclude(challenge=challenge)
            .values_list("rank", flat=True)
        )
        if rank is None:
            rank = next(r for r in range(1, len(taken) + 2) if r not in taken)
        rank = _whole(rank, "rank")
        limit = max(Challenge.objects.filter(state=S.OPEN).count(), len(taken) + 1)
        if not 1 <= rank <= limit:
            raise ValidationError(
                {"rank": _("Rank your choices from 1 (first) to %(n)s.") % {"n": limit}}
            )
        if rank in taken:
            raise ValidationError(
                {
                    "rank": _(
                        "You gave rank %(rank)s to another challenge already; "
                        "give each challenge its own rank."
                    )
                    % {"rank": rank}
                }
            )
        hours = None
    else:
        if not person.role_codes & ROLE_NEEDS[role] and not is_alliance_admin(person):
            raise ValidationError(
                {
                    "role": _("Only lecturers coach teams.")
                    if role == ApplicationRole.COACH
                    else _("Only researchers join teams as researchers.")
                }
            )
        if hours is None:
            hours = person.hours_per_week or None
        if hours is None:
            raise ValidationError({"hours": _("Say how many hours a week you can give.")})
        hours = _whole(hours, "hours")
        if not 1 <= hours <= 60:
            raise ValidationError({"hours": _("Give between 1 and 60 hours a week.")})
        rank = None
    application = existing or Application(challenge=challenge, person=person)
    application.role, application.rank, application.hours = role, rank, hours
    application.motivation = motivation
    application.status = ApplicationStatus.SUBMITTED
    application.created_at = timezone.now()
    application.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:  # the same person, twice at once
        raise ValidationError(_("You have applied to this challenge already.")) from None
    return application


@transaction.atomic
def application_withdraw(*, application: Application, by: Person) -> Application:
    """Withdraw one's application before teams are formed."""
    application = (
        Application.objects.select_for_update().select_related("challenge").get(pk=application.pk)
    )
    if application.person_id != by.pk and not is_alliance_admin(by):
        raise PermissionDenied(_("Only the applicant may withdraw an application."))
    if application.status != ApplicationStatus.SUBMITTED:
        raise ValidationError(
            _("This application is %(status)s; it can no longer be withdrawn.")
            % {"status": application.get_status_display().lower()}
        )
    application.status = ApplicationStatus.WITHDRAWN
    application.save(update_fields=["status"])
    return application
