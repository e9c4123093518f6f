"""Pages of the joint programmes: the list, and a programme's structure and progress."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .. import selectors
from ..models import Programme


def programme_list(request):
    """Every joint minor, joint master and professional certificate, as cards."""
    return render(
        request, "catalog/programme_list.html", {"programmes": selectors.programme_list()}
    )


def programme_detail(request, code: str):
    """One programme: who offers it, its groups of modules, and the visitor's progress."""
    try:
        programme = selectors.programme_detail(code)
    except Programme.DoesNotExist:
        raise Http404(_("No such programme.")) from None
    language = (get_language() or "en").split("-")[0]
    for group in programme.groups.all():
        for course in group.courses.all():
            course.display_title = course.title_in(language)
    progress = selectors.programme_progress(programme, request.user)
    # Progress is shown to a learner who has begun: any enrolment in the programme's modules.
    if progress is not None and not progress.started:
        progress = None
    if progress is not None:
        groups = progress.groups
    else:
        groups = [
            {"group": group, "modules": [{"course": course} for course in group.courses.all()]}
            for group in programme.groups.all()
        ]
    return render(
        request,
        "catalog/programme_detail.html",
        {"programme": programme, "progress": progress, "groups": groups},
    )
