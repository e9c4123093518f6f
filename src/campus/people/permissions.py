"""Who may do what with people; registered with campus.permissions."""

from campus.permissions import Action, coordinates, register_rule


def person_rule(user, action: str, person) -> bool:
    if person is not None and user.pk == person.pk and action in (Action.VIEW, Action.CHANGE):
        return True
    # A coordinator sees and manages the people of their own institution, never another's.
    return action in (Action.VIEW, Action.CHANGE) and coordinates(
        user, getattr(person, "owning_institution_id", None)
    )


def register() -> None:
    register_rule("people.person", person_rule)
