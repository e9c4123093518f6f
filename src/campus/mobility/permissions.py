"""Who may do what with mobility; registered with campus.permissions.

Only *granted* affiliations count (decision 0005). An opportunity belongs to its host: the
host's coordinators publish and change it. An application is seen by its applicant, the
coordinators of the applicant's home institution (who nominate) and, once nominated, those of
the host (who accept or decline). A learning agreement is seen by its student and by the
coordinators of its sending and receiving institutions, and nobody else apart from alliance
administrators; each signs only for their own part (see ``signing_roles``). How the mobility
travels is declared by its student or by a coordinator of the sending institution, which
pays the travel support (``may_declare_travel``).
"""

from campus.people.models import Role
from campus.permissions import COORDINATOR, Action, coordinates, register_rule

from .models import ApplicationState, SignatureRole

# Roles that may apply for each kind of opportunity; staff mobility is for staff.
LEARNER_ROLES = frozenset({Role.STUDENT})
STAFF_ROLES = frozenset({Role.STAFF, Role.LECTURER, Role.RESEARCHER, Role.COORDINATOR})


def coordinated_institution_ids(user) -> set[int]:
    """The institutions where the user's coordinator affiliation is granted."""
    if not user or not user.is_authenticated:
        return set()
    return {i for role, i, _o in user.granted_affiliations if role == COORDINATOR and i}


def opportunity_rule(user, action, opportunity) -> bool:
    if opportunity is None:
        return False
    if action == Action.VIEW and opportunity.published:
        return True
    return coordinates(user, opportunity.host_id)


def application_rule(user, action, application) -> bool:
    if application is None:
        return False
    own = application.person_id == user.pk
    home = coordinates(user, application.home_id)
    host = coordinates(user, application.opportunity.host_id) and (
        application.state != ApplicationState.SUBMITTED
        and application.state != ApplicationState.NOT_NOMINATED
    )
    if action == Action.VIEW:
        return own or home or host
    if action == Action.CHANGE:  # withdrawing
        return own
    if action == Action.APPROVE:  # nominating at home, accepting or declining at the host
        return home or host
    return False


def signing_roles(user, agreement) -> list[str]:
    """The parts the user may sign for: their own as the student, their institution's as its
    coordinator."""
    if not user or not user.is_authenticated or not user.is_active:
        return []
    roles = []
    if agreement.student_id == user.pk:
        roles.append(SignatureRole.STUDENT)
    if coordinates(user, agreement.sending_id):
        roles.append(SignatureRole.SENDING)
    if coordinates(user, agreement.receiving_id):
        roles.append(SignatureRole.RECEIVING)
    return roles


def may_declare_travel(user, agreement) -> bool:
    """True for the agreement's student and the sending institution's coordinators: they
    declare how the mobility travels (the sending institution pays the travel support)."""
    if not user or not user.is_authenticated or not user.is_active or agreement is None:
        return False
    return agreement.student_id == user.pk or coordinates(user, agreement.sending_id)


def agreement_rule(user, action, agreement) -> bool:
    if agreement is None:
        return False
    if action == Action.ASSESS:  # recognition: the sending institution's coordinators
        return coordinates(user, agreement.sending_id)
    if action in (Action.VIEW, Action.CHANGE, Action.APPROVE):
        return bool(signing_roles(user, agreement))
    return False


def _through_agreement(get_agreement):
    def rule(user, action, obj) -> bool:
        return (
            obj is not None
            and action == Action.VIEW
            and agreement_rule(user, Action.VIEW, get_agreement(obj))
        )

    return rule


def register() -> None:
    register_rule("mobility.opportunity", opportunity_rule)
    register_rule("mobility.application", application_rule)
    register_rule("mobility.learningagreement", agreement_rule)
    register_rule(
        "mobility.learningagreementversion", _through_agreement(lambda version: version.agreement)
    )
    register_rule("mobility.component", _through_agreement(lambda c: c.version.agreement))
    register_rule("mobility.signature", _through_agreement(lambda s: s.version.agreement))
    register_rule("mobility.recognition", _through_agreement(lambda r: r.agreement))
    for label in ("recognitionline", "mobilityevent"):
        register_rule(f"mobility.{label}", lambda user, action, obj: False)
