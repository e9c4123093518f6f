"""Who may do what with credentials; registered with the one permission helper.

A holder sees their credentials and shares them (CHANGE). The issuing institution's
coordinator sees the credentials it issued and changes their status (APPROVE: revoke,
suspend, reinstate). Achievements belong to their awarding body.
"""

from campus.permissions import Action, coordinates, register_rule


def credential_rule(user, action, credential) -> bool:
    if credential is None:
        return False
    if credential.person_id == user.pk and action in (Action.VIEW, Action.CHANGE):
        return True
    return action in (Action.VIEW, Action.APPROVE) and coordinates(user, credential.issuer_id)


def achievement_rule(user, action, achievement) -> bool:
    if achievement is None:
        return False
    return action in (Action.VIEW, Action.CHANGE) and coordinates(user, achievement.issuer_id)


def register() -> None:
    register_rule("credentials.credential", credential_rule)
    register_rule("credentials.achievement", achievement_rule)
    register_rule("credentials.issuerkey", lambda user, action, obj: False)
