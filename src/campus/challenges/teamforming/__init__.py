"""The team-formation engine: mixed teams for challenges, with a proven bound on their quality.

Pure Python (HiGHS through highspy), no Django::

    from campus.challenges.teamforming import solve
    solution = solve(instance_dict, time_limit=20)

Formats, rules, objective and methods: docs/teamforming.md.
"""

from .model import Instance, InstanceError, validate
from .objective import breakdown, objective
from .solver import solve, teams_of

__all__ = ["Instance", "InstanceError", "breakdown", "objective", "solve", "teams_of", "validate"]
