"""The expert finder's page: /research/experts/ (results as a fragment for HTMX)."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from campus.inputs.pagination import page_number
from campus.skills.selectors import skill_resolve

from .expert_search import Criteria, ExpertSearchError, experts_search
from .forms_experts import ExpertFinderForm

PER_PAGE = 10


def experts_find(request):
    """Words, a skill, a topic and filters in; the experts the reader may see, explained."""
    form = ExpertFinderForm(request.GET or None)
    context = {"form": form, "found": None, "error": None, "skill_match": None}
    if form.asked() and form.is_valid():
        data = form.cleaned_data
        skills: tuple[str, ...] = ()
        if data["skill"]:
            match = skill_resolve(data["skill"])
            context["skill_match"] = match
            if match.skill is not None:
                skills = (match.skill.uri,)
            elif match.choices:
                skills = tuple(s.uri for s in match.choices[:5])
            else:
                form.add_error(
                    "skill",
                    _("No skill is called “%(text)s”; try another name.")
                    % {"text": data["skill"][:80]},
                )
        if not form.errors:
            page = page_number(request.GET.get("page"))
            criteria = Criteria(
                text=data["q"],
                skills=skills,
                topics=(data["topic"],) if data["topic"] else (),
                institution=data["institution"],
                country=data["country"],
                language=data["language"],
                available=tuple(data["available"]),
            )
            try:
                found = experts_search(
                    request.user, criteria, limit=PER_PAGE, offset=(page - 1) * PER_PAGE
                )
            except ExpertSearchError as error:
                context["error"] = error.message
            else:
                pages = max(1, -(-found.count // PER_PAGE))
                query = request.GET.copy()
                query.pop("page", None)
                context.update(
                    found=found,
                    page=page,
                    pages=pages,
                    first=(page - 1) * PER_PAGE + 1,
                    previous_url=f"?{query.urlencode()}&page={page - 1}" if page > 1 else "",
                    next_url=f"?{query.urlencode()}&page={page + 1}" if page < pages else "",
                )
    elif form.is_bound and not form.asked():
        context["error"] = _("Say what to look for: some words, a skill or a topic.")
    template = "research/_experts_results.html" if request.htmx else "research/experts.html"
    return render(request, template, context)
