from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from campus.people.models import Role
from campus.people.selectors import may_decide_affiliations, unread_notification_count

TEACHING_ROLES = {Role.LECTURER, Role.RESEARCHER, Role.STAFF, Role.COORDINATOR, Role.ADMIN}


def campus(request):
    """The navigation of the areas that exist for this person, for the base layout."""
    nav = [
        (reverse("web:home"), _("Home")),
        (reverse("catalog:catalogue"), _("Courses")),
        (reverse("catalog:programmes"), _("Programmes")),
        (reverse("challenges:board"), _("Challenges")),
        (reverse("research:topics"), _("Research")),
        (reverse("mobility:opportunities"), _("Mobility")),
        (reverse("alliance:institutions"), _("Institutions")),
        (reverse("alliance:organisations"), _("Organisations")),
        (reverse("alliance:governance"), _("Governance")),
        (reverse("skills:list"), _("Skills")),
        (reverse("impact:public"), _("Impact")),
    ]
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        nav.insert(1, (reverse("web:dashboard"), _("Dashboard")))
        nav.append((reverse("catalog:my_records"), _("My learning")))
        nav.append((reverse("learning:mine"), _("Learning spaces")))
        nav.append((reverse("credentials:mine"), _("My credentials")))
        nav.append((reverse("mobility:mine"), _("My mobility")))
        if user.has_role(Role.STAKEHOLDER):
            nav.append((reverse("challenges:mine"), _("My challenges")))
        if user.role_codes & TEACHING_ROLES:
            nav.append((reverse("catalog:teaching"), _("Teaching")))
        if user.has_role(Role.COORDINATOR) and user.institution_id:
            nav.append((reverse("credentials:issued"), _("Issued credentials")))
            nav.append((reverse("mobility:queue"), _("Mobility queue")))
        if user.has_role(Role.COORDINATOR) or user.has_role(Role.ADMIN) or user.is_superuser:
            nav.append((reverse("impact:gap"), _("Skills gap")))
        if may_decide_affiliations(user):
            nav.append((reverse("people:affiliation_queue"), _("Affiliation requests")))
    path = request.path
    items = [
        {
            "url": url,
            "label": label,
            "current": path == url or (url != "/" and path.startswith(url)),
        }
        for url, label in nav
    ]
    unread = unread_notification_count(user) if user is not None and user.is_authenticated else 0
    return {
        "campus_nav": items,
        "campus_languages": settings.LANGUAGES,
        "unread_notifications": unread,
    }
