"""The campus's hooks into django-allauth: sign-up goes through ``person_create``."""

from allauth.account.adapter import DefaultAccountAdapter

from . import services


class CampusAccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        """Create the account through the service: a learner, with the affiliation asked for."""
        data = form.cleaned_data
        return services.person_create(
            email=data["email"],
            display_name=data["display_name"],
            password=data["password1"],
            roles=[data["role"]],
            institution=data.get("institution"),
            organisation=data.get("organisation"),
            note=data.get("note", ""),
        )


def login_identifier(request, credentials) -> str:
    """What django-axes counts failures against: the address typed in, lower case."""
    credentials = credentials or {}
    typed = credentials.get("email") or credentials.get("username") or credentials.get("login")
    if not typed and request is not None:
        typed = request.POST.get("login", "")
    return (typed or "").strip().lower()
