from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def campus(request):
    """The navigation of the areas that exist, for the base layout."""
    nav = [
        (reverse("web:home"), _("Home")),
        (reverse("alliance:institutions"), _("Institutions")),
        (reverse("alliance:organisations"), _("Organisations")),
        (reverse("alliance:governance"), _("Governance")),
        (reverse("skills:list"), _("Skills")),
    ]
    path = request.path
    items = [
        {
            "url": url,
            "label": label,
            "current": path == url or (url != "/" and path.startswith(url)),
        }
        for url, label in nav
    ]
    return {"campus_nav": items, "campus_languages": settings.LANGUAGES}
