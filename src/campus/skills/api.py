"""The skills API: public search and look-up of ESCO skills."""

from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.errors import HttpError

from .models import Skill
from .schemas import ErrorOut, SkillDetailOut, SkillSearchOut
from .selectors import skill_by_uri, skills_search

router = Router(tags=["skills"])

MAX_LIMIT = 50


def _ref(skill: Skill | None) -> dict | None:
    return {"uri": skill.uri, "label": skill.label} if skill else None


@router.get(
    "/skills",
    auth=None,
    response={200: SkillSearchOut, 400: ErrorOut, 422: ErrorOut},
    summary="Search ESCO skills by label",
    description=(
        "Skills whose label, in any loaded language, has words starting with the words of `q` "
        "(case and accents ignored). Best matches first. Fewer than two letters give no items."
    ),
)
def skills_list(
    request,
    q: str = "",
    limit: int = Query(20, ge=1, le=MAX_LIMIT, description="1 to 50"),  # noqa: B008
    lang: str | None = Query(  # noqa: B008
        None, description="Only labels in these languages, comma-separated codes, e.g. 'en,de'."
    ),
):
    languages = [code.strip().lower() for code in (lang or "").split(",") if code.strip()]
    skills = skills_search(q, limit=limit, languages=languages or None)
    items = [
        {
            "uri": s.uri,
            "label": s.label,
            "local_label": s.display_label,
            "kind": s.kind,
            "matched_label": s.matched_label,
            "broader": s.broader.uri if s.broader else None,
        }
        for s in skills
    ]
    return {"items": items, "count": len(items)}


@router.get(
    "/skills/lookup",
    auth=None,
    response={200: SkillDetailOut, 404: ErrorOut, 422: ErrorOut},
    summary="One ESCO skill by URI",
)
def skills_lookup(request, uri: str = Query(..., description="ESCO skill URI")):  # noqa: B008
    skill = skill_by_uri(uri)
    if skill is None:
        raise HttpError(404, _("No skill with the URI %(uri)s.") % {"uri": uri})
    labels: dict[str, dict] = {}
    for label in skill.labels.all():
        entry = labels.setdefault(label.language, {"preferred": None, "alternative": []})
        if label.preferred and entry["preferred"] is None:
            entry["preferred"] = label.text
        else:
            entry["alternative"].append(label.text)
    return {
        "uri": skill.uri,
        "label": skill.label,
        "local_label": skill.display_label,
        "kind": skill.kind,
        "reuse_level": skill.reuse_level,
        "description": skill.description,
        "collections": list(skill.collections),
        "labels": labels,
        "broader": _ref(skill.broader),
        "narrower": [_ref(s) for s in skill.narrower.all()],
    }
