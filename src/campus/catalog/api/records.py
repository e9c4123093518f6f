"""The learner's side of /api/v1: enrol and withdraw, one's enrolments, one's transcript."""

from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.errors import HttpError

from campus.people.schemas import ErrorOut
from campus.permissions import Action, can

from .. import selectors, services
from ..models import Enrolment, Run
from ..schemas.records import EnrolmentIn, EnrolmentOut, MyEnrolmentOut, TranscriptOut

# Operation ids are part of the published API, so they keep the names they had before the
# catalogue's modules moved into packages (decision 0007).
router = Router(tags=["learning"])


def _enrolment_out(enrolment: Enrolment) -> dict:
    return {
        "id": enrolment.pk,
        "run": enrolment.run_id,
        "course": enrolment.run.course.code,
        "status": enrolment.status,
        "position": selectors.waitlist_position(enrolment),
    }


@router.post(
    "/enrolments",
    response={201: EnrolmentOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Enrol in a run",
    description=(
        "Takes a place in the run, or the next spot on its waiting list when it is full "
        "(`status` is then `waitlisted` and `position` says where). Any rule that stops it "
        "(enrolment window, audience, prerequisites, a run full without waiting list, "
        "enrolling twice) answers 400 with the reason in `detail`."
    ),
    operation_id="campus_catalog_api_learning_enrolment_create",
)
def enrolment_create(request, payload: EnrolmentIn):
    run = Run.objects.select_related("course").filter(pk=payload.run).first()
    if run is None:
        raise HttpError(404, _("There is no run with the id %(id)s.") % {"id": payload.run})
    person = request.auth
    enrolment = services.enrol(run=run, person=person, by=person)
    return Status(201, _enrolment_out(enrolment))


@router.post(
    "/enrolments/{enrolment_id}/withdraw",
    response={
        200: EnrolmentOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        422: ErrorOut,
    },
    summary="Withdraw from a run (or leave its waiting list)",
    description="A freed place goes to the first person on the waiting list.",
    operation_id="campus_catalog_api_learning_enrolment_withdraw",
)
def enrolment_withdraw(request, enrolment_id: int):
    enrolment = Enrolment.objects.select_related("run__course").filter(pk=enrolment_id).first()
    if enrolment is None or not can(request.auth, Action.VIEW, enrolment):
        raise HttpError(
            404, _("There is no enrolment of yours with the id %(id)s.") % {"id": enrolment_id}
        )
    enrolment = services.enrolment_withdraw(enrolment=enrolment, by=request.auth)
    return _enrolment_out(enrolment)


@router.get(
    "/me/enrolments",
    response={200: list[MyEnrolmentOut], 401: ErrorOut},
    summary="Your enrolments, newest run first",
    operation_id="campus_catalog_api_learning_my_enrolments",
)
def my_enrolments(request):
    enrolments = list(selectors.person_enrolments(request.auth))
    positions = selectors.waitlist_positions(enrolments)
    return [
        {
            "id": e.pk,
            "run": e.run_id,
            "run_label": e.run.label,
            "course": {
                "id": e.run.course.pk,
                "code": e.run.course.code,
                "title": e.run.course.title,
            },
            "status": e.status,
            "position": positions.get(e.pk),
            "starts_on": e.run.starts_on,
            "ends_on": e.run.ends_on,
            "ects_grade": e.ects_grade or None,
            "ects_earned": e.ects_earned,
        }
        for e in enrolments
    ]


@router.get(
    "/me/transcript",
    response={200: TranscriptOut, 401: ErrorOut},
    summary="Your transcript of records",
    description=(
        "Every completed and failed course with its result, each naming its host institutions "
        "by Erasmus code, and the ECTS earned overall and per institution."
    ),
    operation_id="campus_catalog_api_learning_my_transcript",
)
def my_transcript(request):
    return selectors.transcript_data(selectors.transcript_of(request.auth))
