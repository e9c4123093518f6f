"""The teaching part of /api/v1: a run's participants, and recording their results
(all of a request's results, or none)."""

from django.utils.translation import gettext as _
from ninja import Router
from ninja.errors import HttpError

from campus.people.schemas import ErrorOut
from campus.permissions import Action, require

from .. import selectors, services
from ..models import Enrolment, EnrolmentStatus, Run
from ..schemas.teaching import ParticipantOut, ResultsIn

# Operation ids are part of the published API, so they keep the names they had before the
# catalogue's modules moved into packages (decision 0007).
router = Router(tags=["teaching"])


def _run(request, run_id: int, action: str) -> Run:
    try:
        run = selectors.run_for_teaching(run_id)
    except Run.DoesNotExist:
        raise HttpError(404, _("No run has the id %(id)s.") % {"id": run_id}) from None
    require(request.auth, action, run)
    return run


def _participants(run: Run) -> list[dict]:
    return [
        {
            "enrolment": p.enrolment.pk,
            "email": p.enrolment.person.email,
            "name": p.enrolment.person.display_name,
            "status": p.enrolment.status,
            "position": p.position,
            "ects_grade": p.enrolment.ects_grade,
            "local_grade": p.enrolment.local_grade,
            "ects_earned": p.enrolment.ects_earned,
            "result_date": p.enrolment.result_date,
        }
        for p in selectors.run_participants(run)
    ]


@router.get(
    "/runs/{run_id}/participants",
    response={200: list[ParticipantOut], 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="A run's participants and their results (its teachers and coordinators)",
    operation_id="campus_catalog_api_teaching_run_participants",
)
def run_participants(request, run_id: int):
    return _participants(_run(request, run_id, Action.VIEW))


@router.post(
    "/runs/{run_id}/results",
    response={
        200: list[ParticipantOut],
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        422: ErrorOut,
    },
    summary="Record results of a run's participants: all of them, or none",
    description=(
        "Each result names the participant by `email` or by `enrolment` id. When any result "
        "is refused, nothing is saved and the 400 answer names the rows (counted from 1), "
        "e.g. `row 2: The ECTS grade must be one of …`. Answers with the run's participants."
    ),
    operation_id="campus_catalog_api_teaching_run_results",
)
def run_results(request, run_id: int, payload: ResultsIn):
    run = _run(request, run_id, Action.ASSESS)
    emails = {r.email.strip().lower() for r in payload.results if r.email}
    ids = {r.enrolment for r in payload.results if r.enrolment is not None}
    enrolments = list(
        Enrolment.objects.filter(run=run)
        .exclude(status=EnrolmentStatus.WITHDRAWN)
        .filter(pk__in=ids)
        .select_related("person")
    ) + list(
        Enrolment.objects.filter(run=run, person__email__in=emails)
        .exclude(status=EnrolmentStatus.WITHDRAWN)
        .select_related("person")
    )
    by_id = {e.pk: e for e in enrolments}
    by_email = {e.person.email.lower(): e for e in enrolments}
    rows = []
    for number, item in enumerate(payload.results, start=1):
        if item.enrolment is not None:
            enrolment = by_id.get(item.enrolment)
            missing = _("enrolment %(id)s is not in this run.") % {"id": item.enrolment}
        else:
            enrolment = by_email.get(item.email.strip().lower())
            missing = _("%(email)s is not a participant of this run.") % {"email": item.email}
        if (
            enrolment is not None
            and item.enrolment is not None
            and item.email
            and (enrolment.person.email.lower() != item.email.strip().lower())
        ):
            enrolment, missing = (
                None,
                _("enrolment %(id)s is not %(email)s's.")
                % {
                    "id": item.enrolment,
                    "email": item.email,
                },
            )
        rows.append(
            services.ResultRow(
                row=number,
                enrolment=enrolment,
                email=item.email or "",
                ects_grade=item.ects_grade,
                local_grade=item.local_grade,
                ects_earned=item.ects_earned,
                result_date=item.result_date,
                errors=[] if enrolment is not None else [missing],
            )
        )
    services.results_record_all(run=run, by=request.auth, rows=rows)  # RowErrors -> 400
    return _participants(run)
