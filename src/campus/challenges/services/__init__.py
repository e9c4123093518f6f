"""Every write to challenges, one module per part; each service is also importable from here
(``from campus.challenges import services``), which is how pages, API, tasks and tests call
them. Each runs in a transaction, validated, with its permission check; each change of state
writes one ChallengeEvent (the audit trail) and tells the people concerned.

- ``challenges``: posting and review (create, update, submit, approve, return, reject, open).
- ``applications``: applying to an open challenge and withdrawing.
- ``formation``: team formation runs (start, retry, report, move, confirm).
- ``workspace``: the teams' work (start, milestones, deliverables, deliver).
- ``evaluation``: the stakeholder's evaluation, the students' credits, closing.
- ``state``: what they share: the row lock, state transitions with their audit entry, notices.

Reads are in ``campus.challenges.selectors``; the engine is ``campus.challenges.teamforming``
and its bridge to the models ``campus.challenges.formation``.
"""

from .applications import application_submit, application_withdraw
from .challenges import (
    challenge_approve,
    challenge_create,
    challenge_open,
    challenge_reject,
    challenge_return,
    challenge_submit,
    challenge_update,
)
from .evaluation import challenge_award_credits, challenge_close, team_evaluate
from .formation import (
    formation_confirm,
    formation_left_open,
    formation_move,
    formation_report,
    formation_retry,
    formation_start,
)
from .state import board_vocabulary_rebuild
from .workspace import (
    challenge_deliver,
    challenge_start,
    deliverable_upload,
    milestone_add,
    milestone_done,
)

__all__ = [
    "application_submit",
    "application_withdraw",
    "board_vocabulary_rebuild",
    "challenge_approve",
    "challenge_award_credits",
    "challenge_close",
    "challenge_create",
    "challenge_deliver",
    "challenge_open",
    "challenge_reject",
    "challenge_return",
    "challenge_start",
    "challenge_submit",
    "challenge_update",
    "deliverable_upload",
    "formation_confirm",
    "formation_left_open",
    "formation_move",
    "formation_report",
    "formation_retry",
    "formation_start",
    "milestone_add",
    "milestone_done",
    "team_evaluate",
]
