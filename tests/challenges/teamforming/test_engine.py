"""The team-formation engine: rules on random instances, optimality on tiny ones, bad input."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from campus.challenges.teamforming import InstanceError, objective, solve, validate
from campus.challenges.teamforming.model import COACH_ROLES, STUDENT_ROLES
from campus.challenges.teamforming.solver import teams_of

SRC = Path(__file__).resolve().parents[3] / "src"
SKILL_A = "http://data.europa.eu/esco/skill/a"
SKILL_B = "http://data.europa.eu/esco/skill/b"


def check_rules(instance: dict, solution: dict) -> list[str]:
    """Every hard rule of issue #4, checked independently of the engine; returns the broken ones."""
    people = {p["id"]: p for p in instance["people"]}
    challenges = {c["id"]: c for c in instance["challenges"]}
    broken = []
    seen = Counter()
    slots = set()
    for team in solution["teams"]:
        c = challenges[team["challenge"]]
        key = (team["challenge"], team["slot"])
        if key in slots or not 0 <= team["slot"] < c["teams"]:
            broken.append(f"slot {key} repeated or out of range")
        slots.add(key)
        members = [people[m] for m in team["members"]]
        students = [p for p in members if p["role"] in STUDENT_ROLES]
        coaches = [p for p in members if p["role"] in COACH_ROLES]
        seen.update(team["members"])
        if len(students) + len(coaches) != len(members):
            broken.append(f"{key}: someone who is neither student nor coach")
        if not students:
            broken.append(f"{key}: listed but not formed")
        if not coaches:
            broken.append(f"{key}: no coach")
        if not max(1, c["min_size"]) <= len(students) <= c["max_size"]:
            broken.append(
                f"{key}: {len(students)} students outside {c['min_size']}..{c['max_size']}"
            )
        if len({p["institution"] for p in members}) < 2:
            broken.append(f"{key}: one institution")
        for p in members:
            if not set(p["languages"]) & set(c["languages"]):
                broken.append(f"{key}: {p['id']} speaks none of the languages")
            if p["role"] in STUDENT_ROLES and c["id"] not in p["preferences"]:
                broken.append(f"{key}: {p['id']} did not rank {c['id']}")
            if (
                p["role"] in COACH_ROLES
                and p.get("preferences")
                and c["id"] not in p["preferences"]
            ):
                broken.append(f"{key}: coach {p['id']} did not volunteer for {c['id']}")
    broken += [f"{pid} in {n} teams" for pid, n in seen.items() if n > 1]
    students = {p["id"] for p in instance["people"] if p["role"] in STUDENT_ROLES}
    placed = students & set(seen)
    if set(solution["unassigned"]) != students - placed:
        broken.append("unassigned does not list exactly the students not placed")
    if solution["status"] != "partial" and placed != students:
        broken.append("not every student is placed but the status is not partial")
    return broken


# --- random small instances ---------------------------------------------------------------


@st.composite
def instances(draw):
    n_ch = draw(st.integers(1, 3))
    langs = ["en", "nl", "de"]
    challenges = []
    for n in range(n_ch):
        lo = draw(st.integers(1, 3))
        challenges.append(
            {
                "id": f"c{n + 1}",
                "teams": draw(st.integers(1, 2)),
                "min_size": lo,
                "max_size": lo + draw(st.integers(0, 2)),
                "skills": {
                    s: float(draw(st.integers(1, 3)))
                    for s in draw(st.sets(st.sampled_from([SKILL_A, SKILL_B])))
                },
                "languages": draw(
                    st.lists(st.sampled_from(langs), min_size=1, max_size=2, unique=True)
                ),
            }
        )
    ids = [c["id"] for c in challenges]
    people = []
    for n in range(draw(st.integers(2, 9))):
        role = draw(st.sampled_from(["student", "student", "student", "coach", "lecturer"]))
        prefs = draw(st.lists(st.sampled_from(ids), unique=True, max_size=len(ids)))
        people.append(
            {
                "id": f"p{n + 1}",
                "role": role,
                "institution": draw(st.sampled_from(["NL A01", "D  B02", "P  C03"])),
                "skills": {s: 3 for s in draw(st.sets(st.sampled_from([SKILL_A, SKILL_B])))},
                "languages": draw(
                    st.lists(st.sampled_from(langs), min_size=1, max_size=2, unique=True)
                ),
                "preferences": prefs,
                "attributes": {"gender": draw(st.sampled_from(["f", "m", "x"]))},
            }
        )
    return {"protected": {"gender": ["f", "x"]}, "challenges": challenges, "people": people}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(), st.sampled_from(["exact", "heuristic"]))
def test_random_instances_keep_every_rule(data, method):
    solution = solve(data, time_limit=5, method=method)
    assert check_rules(data, solution) == []
    inst = validate(data)
    assert objective(inst, solution["teams"]) == pytest.approx(solution["objective"], abs=1e-6)
    assert solution["objective"] <= solution["bound"] + 1e-6
    assert solution["gap"] == pytest.approx(
        (solution["bound"] - solution["objective"]) / max(abs(solution["bound"]), 1e-9), abs=1e-6
    )
    assert set(solution["reasons"]) >= {m for t in solution["teams"] for m in t["members"]}


# --- brute force --------------------------------------------------------------------------


def brute_force(data: dict) -> tuple[int, float]:
    """The lexicographic optimum (students placed, then objective) by enumeration."""
    inst = validate(data)
    movers = [p for p in inst.people if p.is_student or p.is_coach]
    choices = [
        [None] + [(c.id, k) for c in inst.options(p) for k in range(c.teams)] for p in movers
    ]
    best = (-1, float("-inf"))
    for combo in itertools.product(*choices):
        assign = {p.id: slot for p, slot in zip(movers, combo, strict=True) if slot is not None}
        teams = teams_of(inst, assign)
        listed = {m for t in teams for m in t["members"]}
        if any(pid not in listed for pid in assign):  # a coach in an unformed slot
            continue
        sol = {
            "teams": [dict(t) for t in teams],
            "unassigned": [p.id for p in inst.students if p.id not in assign],
            "status": "partial",
        }
        if check_rules(data, sol):
            continue
        key = (sum(1 for p in inst.students if p.id in assign), objective(inst, teams))
        if key[0] > best[0] or (key[0] == best[0] and key[1] > best[1] + 1e-9):
            best = key
    return best


def tiny(seed: int) -> dict:
    import random

    rng = random.Random(seed)
    challenges = [
        {
            "id": "c1",
            "teams": 2,
            "min_size": 2,
            "max_size": 3,
            "skills": {SKILL_A: 2.0, SKILL_B: 1.0},
            "languages": ["en"],
        },
        {
            "id": "c2",
            "teams": 1,
            "min_size": 2,
            "max_size": 3,
            "skills": {SKILL_B: 1.5},
            "languages": ["en", "nl"],
        },
    ]
    people = []
    for n in range(7):
        role = "coach" if n in (0, 4) else "student"
        people.append(
            {
                "id": f"p{n + 1}",
                "role": role,
                "institution": rng.choice(["NL A01", "D  B02", "P  C03"]),
                "skills": {s: 2 for s in rng.sample([SKILL_A, SKILL_B], rng.randint(0, 2))},
                "languages": rng.choice([["en"], ["nl"], ["en", "nl"]]),
                "preferences": rng.sample(
                    ["c1", "c2"], rng.randint(1, 2) if role == "student" else rng.randint(0, 1)
                ),
                "attributes": {"gender": rng.choice(["f", "m", "x"])},
            }
        )
    return {
        "weights": {"diversity": 0.5},
        "protected": {"gender": ["f", "x"]},
        "challenges": challenges,
        "people": people,
    }


@pytest.mark.parametrize("seed", range(6))
def test_exact_matches_brute_force(seed):
    data = tiny(seed)
    placed, best = brute_force(data)
    solution = solve(data, time_limit=10, method="exact")
    assert check_rules(data, solution) == []
    n_students = sum(1 for p in data["people"] if p["role"] == "student")
    assert n_students - len(solution["unassigned"]) == placed
    assert solution["objective"] == pytest.approx(best, abs=1e-6)
    if placed == n_students:
        assert solution["status"] == "optimal"
        assert solution["gap"] == 0


@pytest.mark.parametrize("seed", range(6))
def test_lp_bound_from_duals_covers_the_optimum(seed):
    """The LP bound, recomputed from interior-point duals, is never below the true optimum."""
    from campus.challenges.teamforming.bound import lp_bound

    data = tiny(seed)
    placed, best = brute_force(data)
    n_students = sum(1 for p in data["people"] if p["role"] == "student")
    value = lp_bound(validate(data), require_all=placed == n_students, time_limit=10)
    assert value is not None
    assert value >= best - 1e-6


@pytest.mark.parametrize("seed", range(6))
def test_exact_bound_covers_the_optimum(seed):
    """The tightened MILP (cov ≤ y, isolation rows without big M): its LP never cuts the optimum.

    Where not every student can be placed, the solver's second model (as many placed as
    possible, then the best objective) is the one whose bound must hold, so every seed checks.
    """
    import highspy

    from campus.challenges.teamforming.milp import ExactModel

    data = tiny(seed)
    placed, best = brute_force(data)
    n_students = sum(1 for p in data["people"] if p["role"] == "student")
    assert placed > 0
    if placed == n_students:
        model = ExactModel(validate(data), require_all=True)
    else:
        model = ExactModel(validate(data), require_all=False, min_placed=placed)
    h = model.b.highs(time_limit=10, mip=False)
    h.run()
    assert h.getModelStatus() == highspy.HighsModelStatus.kOptimal
    assert h.getInfo().objective_function_value >= best - 1e-6


def test_tiny_seeds_cover_both_placement_cases():
    """The bound tests above see instances where everyone fits and where some cannot."""
    complete = {seed for seed in range(6) if brute_force(tiny(seed))[0] == 5}
    assert complete and complete != set(range(6))


def test_neighbourhood_search_keeps_rules_and_never_loses():
    """lns.improve re-solves groups of challenges; the start's slots need not be ordered."""
    import time

    sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "bench"))
    from teamforming import generate  # the benchmark's seeded instances

    from campus.challenges.teamforming.heuristic import solve_heuristic
    from campus.challenges.teamforming.lns import improve

    data = generate(200, seed=3)
    inst = validate(data)
    start = solve_heuristic(inst, time_limit=1.0)
    before = objective(inst, teams_of(inst, start))
    better = improve(inst, start, deadline=time.perf_counter() + 2.0)
    teams = teams_of(inst, better)
    assert objective(inst, teams) >= before - 1e-9
    assigned = {m for t in teams for m in t["members"]}
    solution = {
        "teams": teams,
        "unassigned": [p.id for p in inst.students if p.id not in assigned],
        "status": "feasible",
    }
    assert check_rules(data, solution) == []


# --- infeasible instances -----------------------------------------------------------------


def person(pid, role, inst, prefs, langs=("en",), skills=None, gender="m"):
    return {
        "id": pid,
        "role": role,
        "institution": inst,
        "skills": skills or {},
        "languages": list(langs),
        "preferences": list(prefs),
        "attributes": {"gender": gender},
    }


def challenge(cid, teams=1, lo=2, hi=3, langs=("en",)):
    return {
        "id": cid,
        "teams": teams,
        "min_size": lo,
        "max_size": hi,
        "skills": {SKILL_A: 1.0},
        "languages": list(langs),
    }


def test_fewer_coaches_than_teams_needed():
    data = {
        "challenges": [challenge("c1", teams=3, lo=2, hi=2)],
        "people": [
            person(f"s{n}", "student", "NL A01" if n % 2 else "D  B02", ["c1"]) for n in range(6)
        ]
        + [person("k1", "coach", "P  C03", []), person("k2", "coach", "P  C03", [])],
    }
    solution = solve(data, time_limit=5)
    assert solution["status"] == "partial"
    assert len(solution["unassigned"]) == 2
    assert check_rules(data, solution) == []
    assert any(
        d["rule"] == "coach" and "3 team(s) of c1 need a coach but only 2" in d["message"]
        for d in solution["diagnosis"]
    )
    assert {v["person"] for v in solution["violations"]} == set(solution["unassigned"])


def test_challenge_nobody_ranked():
    data = {
        "challenges": [challenge("c1"), challenge("c4")],
        "people": [
            person("s1", "student", "NL A01", ["c1"]),
            person("s2", "student", "D  B02", ["c1"]),
            person("k1", "coach", "P  C03", ["c4"]),
        ],
    }
    solution = solve(data, time_limit=5)
    assert solution["status"] == "partial"
    assert solution["unassigned"] == ["s1", "s2"]
    messages = " | ".join(d["message"] for d in solution["diagnosis"])
    assert "nobody ranked c4" in messages
    assert "coach k1 volunteers only for c4" in messages


def test_no_shared_language():
    data = {
        "challenges": [challenge("c1", langs=["nl"])],
        "people": [
            person("s1", "student", "NL A01", ["c1"], langs=["nl"]),
            person("s2", "student", "D  B02", ["c1"], langs=["nl", "de"]),
            person("s7", "student", "D  B02", ["c1"], langs=["fi"]),
            person("k1", "coach", "P  C03", [], langs=["nl"]),
        ],
    }
    solution = solve(data, time_limit=5)
    assert solution["status"] == "partial"
    assert solution["unassigned"] == ["s7"]
    assert check_rules(data, solution) == []
    v = solution["violations"][0]
    assert v["rule"] == "language"
    assert "student s7 shares no language with any challenge they ranked" in v["message"]


def test_reasons_and_labels():
    data = {
        "skill_labels": {SKILL_A: "data analysis"},
        "challenges": [challenge("c1")],
        "people": [
            person("s1", "student", "NL A01", ["c1"], skills={SKILL_A: 3}),
            person("s2", "student", "D  B02", ["c1"]),
            person("k1", "lecturer", "P  C03", ["c1"]),
            {"id": "h1", "role": "stakeholder", "institution": "ACME", "languages": ["en"]},
        ],
    }
    solution = solve(data, time_limit=5)
    assert solution["status"] == "optimal"
    assert solution["reasons"]["s1"].startswith("ranked c1 first")
    assert "brings data analysis" in solution["reasons"]["s1"]
    assert solution["reasons"]["k1"].startswith("coaches c1 (ranked it first)")
    assert "h1" not in solution["reasons"]
    assert solution["objective"] == pytest.approx(1 + 1 + 1 + 0.5 * 2)


# --- validation and the command line ------------------------------------------------------


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d["people"][0]["preferences"].append("c9"), "unknown challenge 'c9'"),
        (lambda d: d["challenges"][0].update(min_size=-1), "must not be negative"),
        (lambda d: d["challenges"][0].update(min_size=5, max_size=3), "greater than max_size"),
        (lambda d: d["people"].append(dict(d["people"][0])), "duplicate person id"),
        (lambda d: d["people"][0].pop("institution"), "missing field 'institution'"),
        (lambda d: d["challenges"][0].update(teams="two"), "expected a whole number"),
        (lambda d: d["people"][0].update(role="wizard"), "unknown role"),
    ],
)
def test_validate_rejects(mutate, message):
    data = {"challenges": [challenge("c1")], "people": [person("s1", "student", "NL A01", ["c1"])]}
    mutate(data)
    with pytest.raises(InstanceError, match=message):
        validate(data)


def run_cli(tmp_path, content: str, *args):
    path = tmp_path / "instance.json"
    path.write_text(content, encoding="utf-8")
    return subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "campus.challenges.teamforming", "solve", str(path), *args],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(SRC), "PATH": ""},
        check=False,
    )


def test_cli_solves_a_file(tmp_path):
    data = {
        "challenges": [challenge("c1")],
        "people": [
            person("s1", "student", "NL A01", ["c1"]),
            person("s2", "student", "D  B02", ["c1"]),
            person("k1", "coach", "P  C03", []),
        ],
    }
    out = run_cli(tmp_path, json.dumps(data), "--time-limit", "5")
    assert out.returncode == 0, out.stderr
    solution = json.loads(out.stdout)
    assert solution["teams"] == [{"challenge": "c1", "slot": 0, "members": ["s1", "s2", "k1"]}]
    assert check_rules(data, solution) == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON"),
        (
            json.dumps(
                {"challenges": [challenge("c1")], "people": [person("s1", "student", "A", ["c2"])]}
            ),
            "unknown challenge 'c2'",
        ),
        (
            json.dumps({"challenges": [challenge("c1", teams=-2)], "people": []}),
            "must not be negative",
        ),
    ],
)
def test_cli_bad_input_exit_2(tmp_path, content, message):
    out = run_cli(tmp_path, content)
    assert out.returncode == 2
    assert message in out.stderr
    assert out.stdout == ""


def test_progress_reports_incumbent_and_bound_while_solving():
    data = tiny(3)
    reports = []
    solution = solve(data, time_limit=5, method="exact", progress=reports.append)
    phases = [r["phase"] for r in reports]
    assert phases[0] == "starting" and phases[-1] == "finished"
    during = [r for r in reports[:-1] if "incumbent" in r]
    assert during, "no incumbent reported before the end"
    for report in reports:
        assert 0 <= report["fraction"] <= 1
        if "bound" in report and "incumbent" in report:
            assert report["bound"] >= report["incumbent"] - 1e-6
    assert [r["fraction"] for r in reports] == sorted(r["fraction"] for r in reports)
    assert reports[-1]["incumbent"] == pytest.approx(solution["objective"], abs=1e-6)
    assert reports[-1]["bound"] == pytest.approx(solution["bound"], abs=1e-6)
