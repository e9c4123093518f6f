"""'May this person do this action on this object?' — the one place every app asks.

Scope is by institution: an institution coordinator acts for their own
institution only; an alliance administrator acts everywhere. An object takes
part by exposing ``owning_institution_id`` (the institution it belongs to, or
None when it belongs to the alliance as a whole).
"""

from collections.abc import Callable
from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Role


class Action(StrEnum):
    VIEW = "view"  # see non-public data
    CREATE = "create"
    CHANGE = "change"
    DELETE = "delete"
    APPROVE = "approve"
    ASSESS = "assess"  # record results


ACTION_VERBS = {
    Action.VIEW: gettext_lazy("see"),
    Action.CREATE: gettext_lazy("create"),
    Action.CHANGE: gettext_lazy("change"),
    Action.DELETE: gettext_lazy("delete"),
    Action.APPROVE: gettext_lazy("approve"),
    Action.ASSESS: gettext_lazy("assess"),
}


def is_alliance_admin(user) -> bool:
    return bool(user and user.is_authenticated and (user.is_superuser or user.has_role(Role.ADMIN)))


def coordinates(user, institution_id: int | None) -> bool:
    """True when the user is the coordinator of that institution."""
    return bool(
        user
        and user.is_authenticated
        and institution_id is not None
        and user.has_role(Role.COORDINATOR)
        and user.institution_id == institution_id
    )


def _owner(obj: Any) -> int | None:
    return getattr(obj, "owning_institution_id", None)


def _institution_rule(user, action: str, obj: Any) -> bool:
    # Only the alliance creates or removes partners; a coordinator keeps their own record.
    if action in (Action.CREATE, Action.DELETE):
        return False
    return coordinates(user, _owner(obj))


def _alliance_wide_rule(user, action: str, obj: Any) -> bool:
    # Organisations and governance: alliance administrators only.
    return False


def _person_rule(user, action: str, obj: Any) -> bool:
    if obj is not None and user.pk == obj.pk and action in (Action.VIEW, Action.CHANGE):
        return True
    # A coordinator sees and manages the people of their own institution, never another's.
    return action in (Action.VIEW, Action.CHANGE) and coordinates(user, _owner(obj))


def _default_rule(user, action: str, obj: Any) -> bool:
    return coordinates(user, _owner(obj))


_RULES: dict[str, Callable[[Any, str, Any], bool]] = {
    "alliance.institution": _institution_rule,
    "alliance.organisation": _alliance_wide_rule,
    "alliance.region": _alliance_wide_rule,
    "alliance.governancebody": _alliance_wide_rule,
    "alliance.membership": _alliance_wide_rule,
    "people.person": _person_rule,
}


def register_rule(model_label: str, rule: Callable[[Any, str, Any], bool]) -> None:
    """Let a later app state the rule for its own model (label is 'app.model', lower case)."""
    _RULES[model_label] = rule


def _label(obj_or_model: Any) -> str:
    return obj_or_model._meta.label_lower


def can(user, action: str, obj: Any) -> bool:
    """May ``user`` do ``action`` on ``obj`` (an instance, or a model class for CREATE)?"""
    if not user or not user.is_authenticated or not user.is_active:
        return False
    if is_alliance_admin(user):
        return True
    instance = None if isinstance(obj, type) else obj
    rule = _RULES.get(_label(obj), _default_rule)
    return rule(user, action, instance)


def require(user, action: str, obj: Any) -> None:
    """Raise PermissionDenied with a readable reason unless ``can`` allows it."""
    if not can(user, action, obj):
        raise PermissionDenied(
            _("You may not %(action)s this %(what)s.")
            % {"action": ACTION_VERBS.get(action, action), "what": obj._meta.verbose_name}
        )
