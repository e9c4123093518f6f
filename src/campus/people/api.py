from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from ninja import Router, Status

from campus.alliance.models import Institution, Organisation

from . import services
from .models import Affiliation, Person
from .schemas import AffiliationIn, AffiliationOut, ErrorOut, MeOut, MePatch
from .selectors import person_affiliations, person_roles, person_with_profile

router = Router(tags=["people"])


def _me_out(person: Person) -> dict:
    person = person_with_profile(person.pk)
    return {
        "email": person.email,
        "name": person.display_name,
        "roles": person_roles(person),
        "institution": person.institution.code if person.institution else None,
        "organisation": person.organisation.slug if person.organisation else None,
        "themes": person.themes,
        "hours_per_week": person.hours_per_week,
        "bio": person.bio,
        "visibility": person.visibility,
        "languages": [
            {"language": pl.language, "level": pl.level} for pl in person.languages.all()
        ],
        "skills": [
            {
                "uri": ps.skill.uri,
                "label": ps.skill.label,
                "local_label": ps.skill.display_label,
                "proficiency": ps.proficiency,
            }
            for ps in person.skills.all()
        ],
    }


@router.get("/me", response={200: MeOut, 401: ErrorOut}, summary="The signed-in person")
def me(request):
    return _me_out(request.auth)


@router.patch(
    "/me",
    response={200: MeOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="Change your own profile",
)
def me_patch(request, payload: MePatch):
    person = request.auth
    data = payload.dict(exclude_unset=True)
    refused = sorted(set(data) & {"institution", "organisation", "roles"})
    if refused:
        raise ValidationError(
            _(
                "%(fields)s cannot be changed: affiliations are granted, not declared. Request "
                "one on your profile; you keep what you have until it is granted."
            )
            % {"fields": ", ".join(refused)}
        )
    with transaction.atomic():  # all of the change, or none of it
        fields = {}
        if "name" in data:
            fields["display_name"] = data["name"]
        for key in ("themes", "hours_per_week", "bio", "visibility"):
            if key in data:
                fields[key] = data[key]
        if fields:
            services.person_update(person=person, by=person, **fields)
        if data.get("languages") is not None:
            services.person_languages_replace(
                person=person,
                languages={item.language: item.level for item in payload.languages},
                by=person,
            )
        if data.get("skills") is not None:
            services.person_skills_replace(
                person=person,
                # from the parsed items, so that a left-out proficiency takes its default
                skills={item.uri: item.proficiency for item in payload.skills},
                by=person,
            )
    return _me_out(person)


def _affiliation_out(a: Affiliation) -> dict:
    return {
        "id": a.pk,
        "role": a.role,
        "institution": a.institution.code if a.institution else None,
        "organisation": a.organisation.slug if a.organisation else None,
        "state": a.state,
        "note": a.note,
        "requested_at": a.requested_at.isoformat(),
        "decided_at": a.decided_at.isoformat() if a.decided_at else None,
        "reason": a.reason,
    }


@router.get(
    "/me/affiliations",
    response={200: list[AffiliationOut], 401: ErrorOut},
    summary="Your affiliations in every state (only granted ones give permissions)",
)
def my_affiliations(request):
    return [_affiliation_out(a) for a in person_affiliations(request.auth)]


@router.post(
    "/me/affiliations",
    response={201: AffiliationOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="Request an affiliation; you keep what you have until it is granted",
)
def request_affiliation(request, payload: AffiliationIn):
    institution = organisation = None
    if payload.institution:
        institution = Institution.objects.filter(code=payload.institution).first()
        if institution is None:
            raise ValidationError({"institution": _("No partner institution has this code.")})
    if payload.organisation:
        organisation = Organisation.objects.filter(slug=payload.organisation).first()
        if organisation is None:
            raise ValidationError({"organisation": _("No organisation has this slug.")})
    affiliation = services.affiliation_request(
        person=request.auth,
        role=payload.role,
        institution=institution,
        organisation=organisation,
        note=payload.note,
        by=request.auth,
    )
    affiliation = Affiliation.objects.select_related("institution", "organisation").get(
        pk=affiliation.pk
    )
    return Status(201, _affiliation_out(affiliation))
