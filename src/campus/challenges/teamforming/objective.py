"""The objective, exactly as issue #4 defines it, recomputed from a solution.

    preference × Σ_students max(0, 1 − 0.2·(r − 1))
  + skills     × Σ_formed teams Σ_challenge skills weight × [a member holds the skill]
  + diversity  × Σ_formed teams (distinct institutions − 1)
  − isolation  × Σ_formed teams Σ_protected values [exactly one student has the value]

A slot is a formed team when it has at least one student; students not in a team score 0.
"""

from __future__ import annotations

from collections import Counter

from .model import Instance, rank_score


def team_terms(instance: Instance, challenge_id: str, members: list[str]) -> dict[str, float]:
    """The unweighted skills, diversity and isolation terms of one team (0 if not formed)."""
    challenge = instance.challenge_by_id[challenge_id]
    people = [instance.person_by_id[m] for m in members]
    students = [p for p in people if p.is_student]
    if not students:
        return {"skills": 0.0, "diversity": 0.0, "isolation": 0.0}
    skills = sum(w for uri, w in challenge.skills.items() if any(p.holds(uri) for p in people))
    diversity = len({p.institution for p in people}) - 1
    isolation = 0
    for attribute, values in instance.protected.items():
        counts = Counter(p.attributes.get(attribute) for p in students)
        isolation += sum(1 for v in values if counts.get(v, 0) == 1)
    return {"skills": float(skills), "diversity": float(diversity), "isolation": float(isolation)}


def breakdown(instance: Instance, teams: list[dict]) -> dict[str, float]:
    """The weighted terms and their total for a list of {"challenge", "slot", "members"}."""
    w = instance.weights
    preference = skills = diversity = isolation = 0.0
    for team in teams:
        for m in team["members"]:
            person = instance.person_by_id[m]
            if person.is_student:
                preference += rank_score(instance.rank(person, team["challenge"]))
        terms = team_terms(instance, team["challenge"], team["members"])
        skills += terms["skills"]
        diversity += terms["diversity"]
        isolation += terms["isolation"]
    out = {
        "preference": w["preference"] * preference,
        "skills": w["skills"] * skills,
        "diversity": w["diversity"] * diversity,
        "isolation": -w["isolation"] * isolation,
    }
    out["objective"] = out["preference"] + out["skills"] + out["diversity"] + out["isolation"]
    return out


def objective(instance: Instance, teams: list[dict]) -> float:
    return breakdown(instance, teams)["objective"]
