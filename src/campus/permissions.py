"""'May this person do this action on this object?' — the one place every app asks.

This module sits below every app (it imports none of them), so that any app, the
alliance at the bottom included, can ask it. Each app registers the rules for its own
models in its ``AppConfig.ready``. Roles are read through the user object
(``has_role``, ``holds``) with their string codes, and only *granted* affiliations count
(see docs/decisions/0005-affiliations.md).

Scope is by institution: an institution coordinator acts for their own institution
only; an alliance administrator acts everywhere. An object takes part by exposing
``owning_institution_id`` (the institution it belongs to, or None when it belongs to the
alliance as a whole).
"""

from collections.abc import Callable
from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Role codes the registry itself needs (people.models.Role holds the full list).
ADMIN = "admin"
COORDINATOR = "coordinator"
STAKEHOLDER = "stakeholder"


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

Rule = Callable[[Any, str, Any], bool]


def is_alliance_admin(user) -> bool:
    """True for a superuser or a person whose alliance administrator role is granted."""
    return bool(user and user.is_authenticated and (user.is_superuser or user.has_role(ADMIN)))


def coordinates(user, institution_id: int | None) -> bool:
    """True when the user's coordinator affiliation at that institution is granted."""
    return bool(
        user
        and user.is_authenticated
        and institution_id is not None
        and user.holds(COORDINATOR, institution_id=institution_id)
    )


def represents(user, organisation_id: int | None) -> bool:
    """True when the user's stakeholder affiliation with that organisation is granted."""
    return bool(
        user
        and user.is_authenticated
        and organisation_id is not None
        and user.holds(STAKEHOLDER, organisation_id=organisation_id)
    )


def _owner(obj: Any) -> int | None:
    return getattr(obj, "owning_institution_id", None)


def _default_rule(user, action: str, obj: Any) -> bool:
    return coordinates(user, _owner(obj))


def deny_all(user, action: str, obj: Any) -> bool:
    """The rule of models that only alliance administrators touch."""
    return False


_RULES: dict[str, Rule] = {}


def register_rule(model_label: str, rule: Rule) -> None:
    """Let an app state the rule for its own model (label is 'app.model', lower case)."""
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
