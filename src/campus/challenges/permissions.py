"""Who may do what with challenges; registered with the one permission helper.

A challenge belongs to its organisation (the stakeholder side: the person who posted it and
the organisation's stakeholder representatives) and is reviewed by one partner institution,
whose coordinator approves it, opens it and forms its teams. Team members work in their
team's workspace; the stakeholder side evaluates the teams. Administrators may do everything
(``can`` answers for them before any rule is asked).
"""

from campus.people.models import Role
from campus.permissions import Action, coordinates, is_alliance_admin, register_rule, represents

# States from which a challenge is public: anyone may see it on the board.
PUBLIC_STATES = (
    "approved",
    "open",
    "teams_formed",
    "in_progress",
    "delivered",
    "evaluated",
    "closed",
)

# Roles that may post a challenge on a stakeholder's behalf (with a partner institution).
ON_BEHALF_ROLES = frozenset({Role.STAFF, Role.LECTURER, Role.COORDINATOR})


__all__ = ["represents"]  # the registry's, named here too for the challenge code


def may_post_for(user, organisation) -> bool:
    """A representative of the organisation, partner staff on its behalf, or an administrator."""
    if not user or not user.is_authenticated or not user.is_active:
        return False
    if is_alliance_admin(user) or represents(user, organisation.pk):
        return True
    return user.institution_id is not None and bool(user.role_codes & ON_BEHALF_ROLES)


def is_stakeholder_side(user, challenge) -> bool:
    """The poster, or a representative of the challenge's organisation."""
    return user.pk == challenge.posted_by_id or represents(user, challenge.organisation_id)


def challenge_rule(user, action, challenge) -> bool:
    if challenge is None:  # posting: the service checks the organisation with may_post_for
        return action == Action.CREATE and (
            user.has_role(Role.STAKEHOLDER)
            or (user.institution_id is not None and bool(user.role_codes & ON_BEHALF_ROLES))
        )
    reviewer = coordinates(user, challenge.institution_id)
    if action == Action.APPROVE:
        return reviewer
    if action == Action.ASSESS:
        return is_stakeholder_side(user, challenge)
    if action in (Action.VIEW, Action.CHANGE):
        return reviewer or is_stakeholder_side(user, challenge)
    return False


def _is_member(user, team) -> bool:
    return any(member.person_id == user.pk for member in team.members.all())


def team_rule(user, action, team) -> bool:
    if team is None:
        return False
    challenge = team.challenge
    if action == Action.VIEW:
        return (
            _is_member(user, team)
            or is_stakeholder_side(user, challenge)
            or coordinates(user, challenge.institution_id)
        )
    if action == Action.CHANGE:  # milestones and deliverables: the team's own work
        return _is_member(user, team)
    if action == Action.ASSESS:
        return is_stakeholder_side(user, challenge)
    return False


def application_rule(user, action, application) -> bool:
    if application is None:
        return False
    if application.person_id == user.pk and action in (Action.VIEW, Action.CHANGE):
        return True
    return action == Action.VIEW and coordinates(user, application.challenge.institution_id)


def formation_rule(user, action, run) -> bool:
    if run is None:
        return False
    return action in (Action.VIEW, Action.CHANGE, Action.APPROVE) and coordinates(
        user, run.institution_id
    )


def register() -> None:
    register_rule("challenges.challenge", challenge_rule)
    register_rule("challenges.team", team_rule)
    register_rule("challenges.application", application_rule)
    register_rule("challenges.formationrun", formation_rule)
    for label in ("challengeskill", "challengeevent", "teammember", "milestone", "deliverable"):
        register_rule(f"challenges.{label}", lambda user, action, obj: False)
    register_rule("challenges.evaluation", lambda user, action, obj: False)
