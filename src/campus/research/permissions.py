"""Who may do what in the research hub; registered with campus.permissions.

An expert profile is held by a researcher or lecturer (at an institution) or a practitioner
(a stakeholder representative of an organisation) whose affiliation is GRANTED; what a person
only declared gives no right (decision 0005).
"""

from campus.permissions import Action, coordinates, is_alliance_admin, register_rule

EXPERT_ROLES = frozenset({"researcher", "lecturer", "stakeholder"})


def may_be_expert(person) -> bool:
    """True when a granted affiliation lets the person hold an expert profile."""
    return bool(
        person
        and person.is_authenticated
        and person.is_active
        and any(role in EXPERT_ROLES for role, _i, _o in person.granted_affiliations)
    )


def profile_rule(user, action: str, profile) -> bool:
    if profile is None:
        return action == Action.CREATE and may_be_expert(user)
    if profile.person_id == user.pk:
        return action == Action.VIEW or (
            action in (Action.CHANGE, Action.DELETE) and may_be_expert(user)
        )
    # As with people's profiles: a coordinator sees the experts of their own institution.
    return action == Action.VIEW and coordinates(user, profile.owning_institution_id)


def agenda_rule(user, action: str, agenda) -> bool:
    if agenda is None:
        return action == Action.CREATE and may_be_expert(user)
    if action in (Action.CHANGE, Action.APPROVE):
        return agenda.members.filter(person_id=user.pk, role="lead").exists()
    return False


def is_lead(user, agenda) -> bool:
    return bool(
        user.is_authenticated
        and (
            is_alliance_admin(user)
            or agenda.members.filter(person_id=user.pk, role="lead").exists()
        )
    )


def register() -> None:
    register_rule("research.expertprofile", profile_rule)
    register_rule("research.researchagenda", agenda_rule)
