"""Work-around for the clash of ids between campus.challenges.formation (challenge and person
ids are both ``str(pk)``) and the engine (which refuses a person id that is also a challenge
id): solve with the real engine on prefixed ids and map the answer back. Remove once the
instance itself keeps the two apart."""


def solve_with_distinct_ids(instance: dict, time_limit: float) -> dict:
    from campus.challenges.teamforming import solve

    def c(value):
        return f"c{value}"

    def p(value):
        return f"p{value}"

    renamed = {
        **instance,
        "challenges": [{**ch, "id": c(ch["id"])} for ch in instance["challenges"]],
        "people": [
            {**person, "id": p(person["id"]), "preferences": [c(x) for x in person["preferences"]]}
            for person in instance["people"]
        ],
    }
    solution = solve(renamed, time_limit=time_limit)
    back = {c(ch["id"]): ch["id"] for ch in instance["challenges"]}
    back.update({p(person["id"]): person["id"] for person in instance["people"]})
    solution["teams"] = [
        {
            **team,
            "challenge": back[team["challenge"]],
            "members": [back[m] for m in team["members"]],
        }
        for team in solution.get("teams", ())
    ]
    solution["unassigned"] = [back.get(m, m) for m in solution.get("unassigned", ())]
    solution["reasons"] = {back.get(k, k): v for k, v in (solution.get("reasons") or {}).items()}
    return solution


def ids_clash() -> bool:
    """True while the formation instance gives challenges and people the same kind of id."""
    from pathlib import Path

    from campus.challenges import formation

    return '"id": str(person_id)' in Path(formation.__file__).read_text()
