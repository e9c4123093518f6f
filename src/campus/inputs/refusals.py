"""What the campus says, in the reader's language, when it refuses an input."""

from django.utils.translation import gettext as _

from .json_limits import JsonRefused


def control_character_message(where: str) -> str:
    return _(
        "%(where)s contains a control character (such as a NUL byte), which the campus does "
        "not accept. Remove it and try again."
    ) % {"where": where}


def too_large_message(limit: int) -> str:
    return _("The request is larger than %(size)s MB; send less at a time.") % {
        "size": f"{limit / (1024 * 1024):.1f}".rstrip("0").rstrip(".")
    }


def json_refusal_message(error: JsonRefused) -> str:
    """The reason a JSON document was not read, as a sentence."""
    if error.reason == "too_large":
        return too_large_message(error.limit or 0)
    if error.reason == "too_deep":
        return _(
            "The JSON is nested more than %(levels)s levels deep; a credential or an upload "
            "needs far fewer."
        ) % {"levels": error.limit}
    return _("This is not JSON: %(why)s") % {"why": error}
