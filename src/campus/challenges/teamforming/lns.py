"""Large-neighbourhood search: a few challenges at a time, re-solved exactly.

The local search of heuristic.py moves one or two people at a time; some improvements need
many at once (two students with a rare protected value brought into the same team, with
the people they displace moving on to other challenges). Here a handful of challenges
that share candidates is chosen, everyone in their teams (and the coaches nobody uses who
may join them) is set free, and the exact model (milp.py) restricted to those people and
challenges is solved with the current teams as its start. People outside the neighbourhood
keep their teams, so the objective changes only inside it and a better sub-solution is a
better solution; every rule is kept because the sub-model has them all.
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from collections.abc import Callable

from .milp import ExactModel
from .model import Instance
from .objective import objective

Assignment = dict[str, tuple[str, int]]


def improve(
    instance: Instance,
    assign: Assignment,
    *,
    deadline: float,
    seed: int = 0,
    max_people: int = 70,
    max_challenges: int = 6,
    sub_limit: float = 1.0,
    should_stop: Callable[[], bool] | None = None,
    on_value: Callable[[float], None] | None = None,
) -> Assignment:
    """Better teams (or the same) before the deadline; only placed students are moved."""
    from .solver import teams_of  # solver imports this module

    rng = random.Random(seed)
    assign = dict(assign)
    usable = [c.id for c in instance.challenges if c.usable]
    if len(usable) < 1:
        return assign
    options = {
        p.id: {c.id for c in instance.options(p)}
        for p in instance.people
        if p.is_student or p.is_coach
    }
    value = objective(instance, teams_of(instance, assign))
    order: list[str] = []
    failures = 0
    while time.perf_counter() + 0.05 < deadline:
        if on_value is not None:
            on_value(value)
        if should_stop is not None and should_stop():
            break
        if failures >= 2 * len(usable):
            # every neighbourhood of this size has been tried without gain: larger ones
            if max_people >= len(options) and max_challenges >= len(usable):
                break
            max_people = int(1.5 * max_people)
            max_challenges += 2
            sub_limit *= 1.5
            failures = 0
        if not order:
            order = list(usable)
            rng.shuffle(order)
        seed_challenge = order.pop()
        members: dict[str, list[str]] = defaultdict(list)
        for pid, (cid, _k) in assign.items():
            members[cid].append(pid)
        spare = [p.id for p in instance.coaches if p.id not in assign and options.get(p.id)]
        chosen = {seed_challenge}
        kind = rng.random()
        lonely = isolated(instance, assign) if kind < 0.4 else []
        if kind >= 0.7:
            # a student far down their list, with the challenges they ranked higher
            down = [
                p
                for p in instance.students
                if p.id in assign and (instance.rank(p, assign[p.id][0]) or 1) > 1
            ]
            if down:
                p = down[rng.randrange(len(down))]
                here = assign[p.id][0]
                chosen = {here} | {
                    c for c in p.preferences[: p.preferences.index(here)] if c in options[p.id]
                }
        if lonely:
            # pair a student left alone with a protected value: their challenge, that of
            # someone sharing the value and a ranked challenge, and the shared challenges
            pid, key = lonely[rng.randrange(len(lonely))]
            chosen = {assign[pid][0]}
            partners = [
                q.id
                for q in instance.students
                if q.id != pid
                and q.id in assign
                and q.attributes.get(key[0]) == key[1]
                and options[q.id] & options[pid]
            ]
            if partners:
                q = partners[rng.randrange(len(partners))]
                chosen.add(assign[q][0])
                shared = sorted(options[q] & options[pid])
                rng.shuffle(shared)
                chosen.update(shared[: max(1, max_challenges - 2)])
        free = {pid for cid in chosen for pid in members[cid]}
        while len(chosen) < max_challenges and len(free) < max_people:
            score: dict[str, float] = defaultdict(float)
            for pid in free:
                for cid in options[pid]:
                    if cid not in chosen:
                        score[cid] += 1.0
            for cid in list(score):
                score[cid] += sum(1 for q in members[cid] if options[q] & chosen)
                score[cid] *= 1.0 + 0.5 * rng.random()
            if not score:
                break
            best = max(score, key=score.__getitem__)
            if len(free) + len(members[best]) > max_people and len(chosen) > 1:
                break
            chosen.add(best)
            free |= set(members[best])
        free |= {q for q in spare if options[q] & chosen}
        remaining = deadline - time.perf_counter()
        if remaining < 0.1:
            break
        model = ExactModel(instance, require_all=True, people=free, challenges=chosen)
        start = {pid: slot for pid, slot in assign.items() if pid in free}
        result = model.solve(time_limit=min(sub_limit, remaining), start=start)
        if result.value is None:
            failures += 1
            continue
        trial = {pid: slot for pid, slot in assign.items() if pid not in free}
        trial.update(result.assign)
        placed = sum(1 for p in instance.students if p.id in trial)
        if placed < sum(1 for p in instance.students if p.id in assign):
            failures += 1
            continue
        # only the teams of the chosen challenges change: compare those
        before = objective(instance, _teams_in(instance, assign, free, chosen))
        after = objective(instance, _teams_in(instance, trial, free, chosen))
        new_value = value + after - before
        if new_value > value - 1e-9:
            # equal values are taken too: another optimum of the neighbourhood moves the
            # search on at no cost
            improved = new_value > value + 1e-6
            assign, value = trial, max(value, new_value)
            failures = 0 if improved else failures + 1
        else:
            failures += 1
    return assign


def isolated(instance: Instance, assign: Assignment) -> list[tuple[str, tuple[str, str]]]:
    """(student, (attribute, value)) for each student alone in their team with the value."""
    holders: dict[tuple[str, int, str, str], list[str]] = defaultdict(list)
    for pid, (cid, k) in assign.items():
        p = instance.person_by_id[pid]
        if not p.is_student:
            continue
        for attribute, values in instance.protected.items():
            value = p.attributes.get(attribute)
            if value in values:
                holders[cid, k, attribute, value].append(pid)
    return [(ps[0], (a, v)) for (_c, _k, a, v), ps in holders.items() if len(ps) == 1]


def _teams_in(instance: Instance, assign: Assignment, people: set[str], challenges: set[str]):
    slots: dict[tuple[str, int], list[str]] = defaultdict(list)
    for pid in people:
        slot = assign.get(pid)
        if slot is not None and slot[0] in challenges:
            slots[slot].append(pid)
    return [
        {"challenge": cid, "slot": k, "members": members}
        for (cid, k), members in slots.items()
        if any(instance.person_by_id[m].is_student for m in members)
    ]
