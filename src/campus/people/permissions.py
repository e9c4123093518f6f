"""Who may do what with people; registered with campus.permissions."""

from campus.permissions import COORDINATOR, Action, coordinates, register_rule, represents

# Roles held at an institution, granted by its coordinators (coordinators themselves and
# administrators are granted by alliance administrators, whom ``can`` lets through).
COORDINATED_ROLES = frozenset({"student", "lecturer", "researcher", "staff"})
ORGANISATION_DECIDED_ROLES = frozenset({"stakeholder", "learner"})


def person_rule(user, action: str, person) -> bool:
    if person is not None and user.pk == person.pk and action in (Action.VIEW, Action.CHANGE):
        return True
    # A coordinator sees and manages the people of their own institution, never another's.
    return action in (Action.VIEW, Action.CHANGE) and coordinates(
        user, getattr(person, "owning_institution_id", None)
    )


def coordinates_any(user) -> bool:
    """True when the user coordinates some institution (a granted coordinator affiliation)."""
    return any(role == COORDINATOR and i is not None for role, i, _o in user.granted_affiliations)


def affiliation_rule(user, action: str, affiliation) -> bool:
    """Who decides (APPROVE) an affiliation: see docs/decisions/0005-affiliations.md."""
    if affiliation is None:
        return False
    if action == Action.VIEW and affiliation.person_id == user.pk:
        return True
    if action not in (Action.VIEW, Action.APPROVE):
        return False
    if affiliation.role in COORDINATED_ROLES:
        return coordinates(user, affiliation.institution_id)
    if affiliation.role in ORGANISATION_DECIDED_ROLES and affiliation.organisation_id:
        return represents(user, affiliation.organisation_id) or coordinates_any(user)
    return False


def register() -> None:
    register_rule("people.person", person_rule)
    register_rule("people.affiliation", affiliation_rule)
