"""Mobility in /api/v1/mobility: opportunities (public), applications and their selection,
learning agreements (the ones the caller may see, read, propose a change, sign) and their
recognition. What a caller may not see answers 404, as if it did not exist."""

from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.errors import HttpError

from campus.alliance.models import Institution
from campus.inputs.pagination import limit_query, offset_query
from campus.people.auth import public_auth
from campus.people.schemas import ErrorOut
from campus.permissions import Action, can

from . import selectors, services
from .models import Application, LearningAgreement, Opportunity
from .permissions import signing_roles
from .schemas import (
    AgreementOut,
    AgreementRefOut,
    ApplicationIn,
    ApplicationOut,
    DecideIn,
    NominateIn,
    OpportunityOut,
    ProposeIn,
    SignIn,
    TravelIn,
)

router = Router(tags=["mobility"])
READ_ERRORS = {401: ErrorOut, 404: ErrorOut}
WRITE_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def institution_ref(institution: Institution) -> dict:
    return {"code": institution.code, "hei_id": institution.schac, "name": institution.name}


def opportunity_data(opportunity: Opportunity) -> dict:
    return {
        "id": opportunity.pk,
        "kind": opportunity.kind,
        "title": opportunity.title,
        "description": opportunity.description,
        "host": institution_ref(opportunity.host),
        "starts_on": opportunity.starts_on,
        "ends_on": opportunity.ends_on,
        "physical_starts_on": opportunity.physical_starts_on,
        "physical_ends_on": opportunity.physical_ends_on,
        "virtual_component": opportunity.virtual_component,
        "places": opportunity.places,
        "language": opportunity.language,
        "language_level": opportunity.language_level,
        "eqf_levels": opportunity.eqf_levels,
        "isced_fields": opportunity.isced_fields,
        "courses": [c.code for c in opportunity.courses.all()],
        "application_deadline": opportunity.application_deadline,
    }


def application_data(application: Application) -> dict:
    agreement = LearningAgreement.objects.filter(application=application).values("pk").first()
    return {
        "id": application.pk,
        "opportunity_id": application.opportunity_id,
        "opportunity": application.opportunity.title,
        "person": application.person.display_name,
        "home": institution_ref(application.home),
        "motivation": application.motivation,
        "language": application.language,
        "language_level": application.language_level,
        "state": application.state,
        "nomination_reason": application.nomination_reason,
        "decision_reason": application.decision_reason,
        "learning_agreement_id": agreement["pk"] if agreement else None,
        "created_at": application.created_at,
    }


def _contact(person) -> dict | None:
    return {"name": person.display_name, "email": person.email} if person else None


def agreement_data(agreement: LearningAgreement, user) -> dict:
    """An agreement read with ``selectors.agreement_detail``, as the API shows it."""
    current = selectors.current_version(agreement)
    return {
        "id": agreement.pk,
        "opportunity_id": agreement.opportunity_id,
        "student": {
            "given_names": agreement.student_given_names,
            "family_name": agreement.student_family_name,
            "email": agreement.student_email,
            "birth_date": agreement.student_birth_date,
            "citizenship": agreement.student_citizenship,
            "gender": agreement.student_gender,
        },
        "eqf_level": agreement.eqf_level,
        "isced_field": agreement.isced_field,
        "sending": institution_ref(agreement.sending),
        "receiving": institution_ref(agreement.receiving),
        "sending_contact": _contact(agreement.sending_contact),
        "receiving_contact": _contact(agreement.receiving_contact),
        "starts_on": agreement.starts_on,
        "ends_on": agreement.ends_on,
        "language": agreement.language,
        "language_level": agreement.language_level,
        "current_version": current.number if current else 0,
        "my_signing_roles": signing_roles(user, agreement),
        "recognised": selectors.is_recognised(agreement),
        "travel_mode": agreement.travel_mode,
        "versions": [
            {
                "number": v.number,
                "kind": v.kind,
                "status": v.status,
                "comment": v.comment,
                "created_at": v.created_at,
                "approved_at": v.approved_at,
                "components": [
                    {
                        "table": c.table,
                        "code": c.code,
                        "title": c.title,
                        "term": c.term,
                        "ects": c.ects,
                        "course": c.course_id,
                        "run": c.run_id,
                        "course_code": c.course.code if c.course else None,
                        "recognition_conditions": c.recognition_conditions,
                    }
                    for c in v.components.all()
                ],
                "signatures": [
                    {
                        "role": s.role,
                        "name": s.name,
                        "position": s.position,
                        "email": s.email,
                        "signed_at": s.signed_at,
                    }
                    for s in v.signatures.all()
                ],
                "missing_signatures": selectors.missing_signatures(v),
            }
            for v in agreement.versions.all()
        ],
    }


def _opportunity_or_404(opportunity_id: int, user) -> Opportunity:
    found = Opportunity.objects.select_related("host").filter(pk=opportunity_id).first()
    if found is None or not (found.published or can(user, Action.VIEW, found)):
        raise HttpError(
            404, _("There is no opportunity with the id %(id)s.") % {"id": opportunity_id}
        )
    return found


def _application_or_404(application_id: int, user) -> Application:
    found = selectors.applications_visible_to(user).filter(pk=application_id).first()
    if found is None:
        raise HttpError(
            404, _("There is no application with the id %(id)s.") % {"id": application_id}
        )
    return found


def agreement_or_404(agreement_id: int, user) -> LearningAgreement:
    """An agreement the caller may see, read whole, or a 404."""
    try:
        return selectors.agreement_detail(agreement_id, user)
    except LearningAgreement.DoesNotExist:
        raise HttpError(
            404, _("There is no learning agreement with the id %(id)s.") % {"id": agreement_id}
        ) from None


@router.get(
    "/mobility/opportunities",
    response={200: list[OpportunityOut], 404: ErrorOut},
    auth=None,
    summary="Published mobility opportunities, with filters",
)
def opportunities(
    request,
    kind: str = Query("", max_length=12, description="semester, short_term, virtual, bip, staff"),
    host: str = Query("", max_length=20, description="The host's Erasmus code"),
    language: str = Query("", max_length=3),
    eqf_level: int | None = Query(None, ge=1, le=8),
    isced_field: str = Query("", max_length=4),
    limit: int = limit_query(),
    offset: int = offset_query(),
):
    host_id = None
    if host:
        found = Institution.objects.filter(code__iexact=host.strip()).values("pk").first()
        if found is None:
            raise HttpError(404, _("There is no partner institution “%(code)s”.") % {"code": host})
        host_id = found["pk"]
    listed = selectors.opportunities_search(
        kind=kind,
        host_id=host_id,
        language=language,
        eqf_level=eqf_level,
        isced_field=isced_field,
    ).prefetch_related("courses")
    return [opportunity_data(o) for o in listed[offset : offset + limit]]


@router.get(
    "/mobility/opportunities/{opportunity_id}",
    response={200: OpportunityOut, 404: ErrorOut},
    auth=public_auth,
    summary="One opportunity",
)
def opportunity(request, opportunity_id: int):
    return opportunity_data(_opportunity_or_404(opportunity_id, request.auth))


@router.get(
    "/mobility/applications",
    response={200: list[ApplicationOut], 401: ErrorOut},
    summary="The applications I may see: mine, my institution's, those nominated for it",
)
def applications(request, limit: int = limit_query(), offset: int = offset_query()):
    listed = selectors.applications_visible_to(request.auth)[offset : offset + limit]
    return [application_data(a) for a in listed]


@router.post(
    "/mobility/applications",
    response={201: ApplicationOut, **WRITE_ERRORS},
    summary="Apply for an opportunity, with motivation and language evidence",
)
def application_create(request, payload: ApplicationIn):
    created = services.application_submit(
        person=request.auth,
        opportunity=_opportunity_or_404(payload.opportunity_id, request.auth),
        motivation=payload.motivation,
        language=payload.language,
        language_level=payload.language_level,
    )
    return Status(201, application_data(created))


@router.get(
    "/mobility/applications/{application_id}",
    response={200: ApplicationOut, **READ_ERRORS},
    summary="One application",
)
def application(request, application_id: int):
    return application_data(_application_or_404(application_id, request.auth))


@router.post(
    "/mobility/applications/{application_id}/nominate",
    response={200: ApplicationOut, **WRITE_ERRORS},
    summary="Nominate an applicant, or not with a reason (home institution's coordinators)",
)
def application_nominate(request, application_id: int, payload: NominateIn):
    found = _application_or_404(application_id, request.auth)
    return application_data(
        services.application_nominate(
            application=found, by=request.auth, nominate=payload.nominate, reason=payload.reason
        )
    )


@router.post(
    "/mobility/applications/{application_id}/decide",
    response={200: ApplicationOut, **WRITE_ERRORS},
    summary="Accept or decline a nominated applicant (host institution's coordinators)",
    description="Accepting makes the learning agreement.",
)
def application_decide(request, application_id: int, payload: DecideIn):
    found = _application_or_404(application_id, request.auth)
    return application_data(
        services.application_decide(application=found, by=request.auth, **payload.dict())
    )


@router.post(
    "/mobility/applications/{application_id}/withdraw",
    response={200: ApplicationOut, **WRITE_ERRORS},
    summary="Withdraw my application",
)
def application_withdraw(request, application_id: int):
    found = _application_or_404(application_id, request.auth)
    return application_data(services.application_withdraw(application=found, by=request.auth))


@router.get(
    "/mobility/learning-agreements",
    response={200: list[AgreementRefOut], 401: ErrorOut},
    summary="The learning agreements I may see: mine and my institutions'",
)
def agreements(request, limit: int = limit_query(), offset: int = offset_query()):
    listed = selectors.agreements_visible_to(request.auth)[offset : offset + limit]
    return [
        {
            "id": a.pk,
            "student": a.student.display_name,
            "sending": a.sending.code,
            "receiving": a.receiving.code,
            "starts_on": a.starts_on,
            "ends_on": a.ends_on,
        }
        for a in listed
    ]


@router.get(
    "/mobility/learning-agreements/{agreement_id}",
    response={200: AgreementOut, **READ_ERRORS},
    summary="One learning agreement with every version, component and signature",
)
def agreement(request, agreement_id: int):
    return agreement_data(agreement_or_404(agreement_id, request.auth), request.auth)


@router.post(
    "/mobility/learning-agreements/{agreement_id}/versions",
    response={201: AgreementOut, **WRITE_ERRORS},
    summary="Propose the next version (the first, or a changes proposal)",
    description=(
        "`based_on` is the version the change was made from; 400 when another version came "
        "meanwhile. The recognised ECTS (table B) must cover the studied ones (A, C, D)."
    ),
)
def agreement_propose(request, agreement_id: int, payload: ProposeIn):
    found = agreement_or_404(agreement_id, request.auth)
    data = payload.dict()
    services.agreement_propose(agreement=found, by=request.auth, **data)
    return Status(201, agreement_data(agreement_or_404(agreement_id, request.auth), request.auth))


@router.post(
    "/mobility/learning-agreements/{agreement_id}/signatures",
    response={201: AgreementOut, **WRITE_ERRORS},
    summary="Sign a version as the student or as a coordinator",
    description="400 when the version signed is no longer the current one.",
)
def agreement_sign(request, agreement_id: int, payload: SignIn):
    found = agreement_or_404(agreement_id, request.auth)
    services.agreement_sign(
        agreement=found,
        by=request.auth,
        version_number=payload.version,
        role=payload.role,
        position=payload.position,
    )
    return Status(201, agreement_data(agreement_or_404(agreement_id, request.auth), request.auth))


@router.post(
    "/mobility/learning-agreements/{agreement_id}/recognition",
    response={201: AgreementOut, **WRITE_ERRORS},
    summary="Recognise the mobility's results at home (sending institution's coordinators)",
)
def agreement_recognise(request, agreement_id: int):
    found = agreement_or_404(agreement_id, request.auth)
    services.agreement_recognise(agreement=found, by=request.auth)
    return Status(201, agreement_data(agreement_or_404(agreement_id, request.auth), request.auth))


@router.post(
    "/mobility/learning-agreements/{agreement_id}/travel",
    response={200: AgreementOut, **WRITE_ERRORS, 409: ErrorOut},
    summary="Declare how the mobility travels (the student or the sending coordinators)",
    description=(
        "For Erasmus+ green travel and the CO2e counted by the impact dashboard. An empty "
        "`mode` clears it. 400 for an unknown mode; 409 for a virtual exchange (it travels "
        "nowhere) or a completed mobility (its travel no longer changes)."
    ),
)
def agreement_travel(request, agreement_id: int, payload: TravelIn):
    found = agreement_or_404(agreement_id, request.auth)
    try:
        services.declare_travel(found, mode=payload.mode, by=request.auth)
    except services.TravelNotDeclarable as error:
        raise HttpError(409, " ".join(error.messages)) from None
    return agreement_data(agreement_or_404(agreement_id, request.auth), request.auth)
