from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from ninja import Router

from . import services
from .models import Person
from .schemas import ErrorOut, MeOut, MePatch
from .selectors import person_roles, person_with_profile

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
            {"uri": ps.skill.uri, "label": ps.skill.label, "proficiency": ps.proficiency}
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
