"""Pages of the skills taxonomy: a search and browse page, and one page per skill."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from campus.search.spelling import search_links

from . import selectors
from .forms import SkillSearchForm
from .models import normalise_label

PER_PAGE = 50
SEARCH_LIMIT = 200  # the best matches; more words narrow a search better than page 9 would


def skill_list(request):
    """Search skills by words in any language; without a query, the ESCO collections."""
    collections = selectors.skill_collections()
    form = SkillSearchForm(
        request.GET or None, collections=[(c.name, c.title) for c in collections]
    )
    q, collection = form.values()
    context = {"form": form, "q": q, "collection": collection, "collections": collections}
    if q and len(normalise_label(q)) < selectors.MIN_QUERY_LENGTH:
        context["mode"] = "short"
    elif q:
        found = selectors.skills_find(q, limit=SEARCH_LIMIT)
        skills = found.skills
        capped = len(skills) == SEARCH_LIMIT
        if collection:
            skills = [s for s in skills if collection in s.collections]
        page = Paginator(skills, PER_PAGE).get_page(request.GET.get("page"))
        context.update(
            mode="search",
            page_obj=page,
            count=len(skills),
            capped=capped,
            spelling=found.spelling,
            suggestions=search_links(request.GET, found.suggestions),
        )
    elif collection:
        page = selectors.collection_skills_page(collection, page=request.GET.get("page") or 1)
        context.update(mode="collection", page_obj=page, count=page.paginator.count)
    else:
        context["mode"] = "overview"
    if request.htmx:
        return render(request, "skills/_results.html", context)
    return render(request, "skills/skill_list.html", context)


def _language_name(code: str) -> str:
    try:
        return get_language_info(code)["name_translated"]
    except KeyError:
        return code


def skill_detail(request):
    """One skill: labels in every loaded language, description, broader and narrower skills."""
    skill = selectors.skill_by_uri(request.GET.get("uri", "").strip())
    if skill is None:
        raise Http404(_("No skill with this URI."))
    if skill.broader:
        selectors.skills_localize([skill.broader])
    languages: dict[str, dict] = {}
    for label in skill.labels.all():
        entry = languages.setdefault(
            label.language,
            {
                "code": label.language,
                "name": _language_name(label.language),
                "preferred": None,
                "alternative": [],
            },
        )
        if label.preferred and entry["preferred"] is None:
            entry["preferred"] = label.text
        else:
            entry["alternative"].append(label.text)
    return render(
        request,
        "skills/skill_detail.html",
        {
            "skill": skill,
            "languages": list(languages.values()),
            "narrower": list(skill.narrower.all()),
        },
    )
