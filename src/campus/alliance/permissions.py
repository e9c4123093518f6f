"""Who may do what with the alliance's own records; registered with campus.permissions."""

from campus.permissions import Action, coordinates, deny_all, register_rule


def institution_rule(user, action: str, institution) -> bool:
    # Only the alliance creates or removes partners; a coordinator keeps their own record.
    if action in (Action.CREATE, Action.DELETE):
        return False
    return coordinates(user, getattr(institution, "owning_institution_id", None))


def register() -> None:
    register_rule("alliance.institution", institution_rule)
    # Organisations, regions and governance: alliance administrators only.
    for label in ("organisation", "region", "governancebody", "membership"):
        register_rule(f"alliance.{label}", deny_all)
