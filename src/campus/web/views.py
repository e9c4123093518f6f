from django.shortcuts import render

from campus.alliance.selectors import alliance_summary
from campus.skills.selectors import skill_count


def home(request):
    """The campus's front page: what the alliance is, and where to go."""
    summary = {**alliance_summary(), "skills": skill_count()}
    return render(request, "web/home.html", {"summary": summary})
