"""solve(): choose the method, run it, bound it, explain it."""

from __future__ import annotations

import time
from collections.abc import Callable

from ._highs import use_threads
from .bound import upper_bound
from .heuristic import solve_heuristic
from .infeasibility import diagnose, explain_unplaced, ordinal
from .lns import improve
from .milp import ExactModel, MipNews
from .model import Instance, validate
from .objective import breakdown

EXACT_MAX_PEOPLE = 1000
DEFAULT_TIME_LIMIT = 60.0
METHODS = ("auto", "exact", "heuristic")


def teams_of(instance: Instance, assign: dict[str, tuple[str, int]]) -> list[dict]:
    """Formed teams (a slot with at least one student), members in the instance's order."""
    slots: dict[tuple[str, int], list[str]] = {}
    for p in instance.people:
        if p.id in assign:
            slots.setdefault(assign[p.id], []).append(p.id)
    order = {c.id: n for n, c in enumerate(instance.challenges)}
    teams = []
    for (cid, k), members in sorted(slots.items(), key=lambda kv: (order[kv[0][0]], kv[0][1])):
        if any(instance.person_by_id[m].is_student for m in members):
            teams.append({"challenge": cid, "slot": k, "members": members})
    return teams


def _placed(instance: Instance, assign) -> int:
    return sum(1 for p in instance.students if p.id in assign)


def _better(instance: Instance, a, b) -> bool:
    """Is assignment a better than b: more students placed, then a higher objective."""
    if b is None:
        return True
    pa, pb = _placed(instance, a), _placed(instance, b)
    if pa != pb:
        return pa > pb
    return (
        breakdown(instance, teams_of(instance, a))["objective"]
        > breakdown(instance, teams_of(instance, b))["objective"] + 1e-9
    )


def reasons(instance: Instance, assign, unplaced: list[dict]) -> dict[str, str]:
    out = {}
    members_of: dict[tuple[str, int], list[str]] = {}
    for pid, slot in assign.items():
        members_of.setdefault(slot, []).append(pid)
    for p in instance.people:
        if p.id not in assign:
            continue
        cid, k = assign[p.id]
        c = instance.challenge_by_id[cid]
        brings = [instance.label(uri) for uri in c.skills if p.holds(uri)]
        speaks = sorted(p.languages & c.languages)
        if p.is_student:
            text = f"ranked {cid} {ordinal(instance.rank(p, cid))}"
        else:
            rank = instance.rank(p, cid)
            text = (
                f"coaches {cid} (ranked it {ordinal(rank)})"
                if rank
                else f"coaches {cid} (open to any challenge)"
            )
        text += f"; speaks {', '.join(speaks)}"
        if brings:
            text += f"; brings {', '.join(brings)}"
        others = {instance.person_by_id[m].institution for m in members_of[cid, k] if m != p.id}
        if p.institution not in others:
            text += f"; the only member from {p.institution}"
        out[p.id] = text
    for entry in unplaced:
        out[entry["person"]] = "not placed: " + entry["message"]
    return out


class _Reporter:
    """Hands the caller's ``progress`` callback the solve's news, from the caller's thread:
    the phase, the best objective found (incumbent), the proven bound, and the share of the
    time limit used."""

    def __init__(self, callback, started: float, limit: float, instance: Instance) -> None:
        self.callback, self.started, self.limit, self.instance = callback, started, limit, instance
        self.incumbent: float | None = None
        self.bound: float | None = None
        self.mip = MipNews()

    def found(self, assign) -> None:
        value = breakdown(self.instance, teams_of(self.instance, assign))["objective"]
        self.value(value)

    def value(self, value: float) -> None:
        if self.incumbent is None or value > self.incumbent:
            self.incumbent = value

    def __call__(self, phase: str, **extra) -> None:
        if self.callback is None:
            return
        if self.mip.incumbent is not None:
            self.value(self.mip.incumbent)
        if self.mip.bound is not None:
            self.bound = self.mip.bound if self.bound is None else min(self.bound, self.mip.bound)
        report = {
            "phase": phase,
            "fraction": min(1.0, (time.perf_counter() - self.started) / self.limit),
            **extra,
        }
        if self.incumbent is not None:
            report["incumbent"] = round(self.incumbent, 6)
        if self.bound is not None:
            report["bound"] = round(max(self.bound, self.incumbent or self.bound), 6)
        self.callback(report)


def solve(
    instance,
    *,
    time_limit: float | None = None,
    method: str = "auto",
    progress: Callable[[dict], None] | None = None,
) -> dict:
    """Form the teams. See docs/teamforming.md for the formats and the guarantees.

    ``progress``, when given, is called from this thread now and then while the engine works
    with a dict: ``phase``, ``fraction`` (of the time limit used), and once known
    ``incumbent`` (the best objective found) and ``bound`` (the proven upper bound)."""
    started = time.perf_counter()
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}, not {method!r}")
    inst = validate(instance)
    limit = DEFAULT_TIME_LIMIT if time_limit is None else max(0.1, float(time_limit))
    deadline = started + limit
    report = _Reporter(progress, started, limit, inst)
    report("starting")
    diagnosis = diagnose(inst)
    blocked = any(d["blocking"] for d in diagnosis)
    people = sum(1 for p in inst.people if p.is_student or p.is_coach)
    use_exact = method == "exact" or (method == "auto" and people <= EXACT_MAX_PEOPLE)

    use_threads(1 if use_exact else None)
    best = None
    bound: float | None = None
    proven = False
    used = "heuristic"
    if use_exact:
        used = "exact"
        # The MILP runs in a thread from the start (HiGHS releases the GIL; one core) and
        # proves the bound, while the heuristic and then the large-neighbourhood search
        # (exact re-solves of a few challenges at a time) look for good teams on the other
        # core. The answer is the better of the two.
        model = running = None
        if not blocked:
            model = ExactModel(inst, require_all=True)
            running = model.launch(
                time_limit=max(0.1, 0.95 * (deadline - time.perf_counter())), news=report.mip
            )
        warm = solve_heuristic(inst, time_limit=min(6.0, 0.3 * limit))
        report.found(warm)
        report("heuristic")
        complete = _placed(inst, warm) == len(inst.students)
        if running is not None and complete:

            def lns_news(value: float) -> None:
                report.value(value)
                report("improving")

            warm = improve(
                inst,
                warm,
                deadline=deadline - 0.05 * limit,
                should_stop=lambda: not running.is_alive(),
                on_value=lns_news,
            )
        best = warm
        result = None
        if running is not None:
            while not running.wait(0.5):
                report("proving")
            result = model.result()
            if result.value is not None:
                if _better(inst, result.assign, best):
                    best = result.assign
                bound = result.bound
                proven = result.status == "optimal"
        if result is None or result.status == "infeasible":
            # Place as many as possible, then the best objective with that many placed.
            count = ExactModel(inst, require_all=False, placement_only=True)
            first = count.solve(
                time_limit=max(0.1, 0.4 * (deadline - time.perf_counter())), start=warm
            )
            most = max(first.placed, _placed(inst, warm))
            model = ExactModel(inst, require_all=False, min_placed=most)
            second = model.solve(
                time_limit=max(0.1, 0.9 * (deadline - time.perf_counter())),
                start=first.assign or warm,
            )
            if second.value is not None:
                if _better(inst, second.assign, best):
                    best = second.assign
                if first.status == "optimal":
                    bound = second.bound
                    proven = second.status == "optimal"
    if best is None or (not use_exact):
        remaining = deadline - time.perf_counter()
        require_all = not blocked
        bound, _how = upper_bound(
            inst, require_all=require_all, time_limit=max(0.1, 0.35 * remaining)
        )
        best = solve_heuristic(inst, time_limit=max(0.05, 0.9 * (deadline - time.perf_counter())))
    teams = teams_of(inst, best)
    terms = breakdown(inst, teams)
    value = terms["objective"]
    all_placed = _placed(inst, best) == len(inst.students)
    if bound is None or (use_exact and not proven and all_placed):
        # When the MILP stopped early its dual bound may be far off: the aggregated LP
        # (a fraction of a second) is another valid bound, and the smaller one is kept.
        other, _how = upper_bound(
            inst, require_all=all_placed, time_limit=max(1.0, deadline - time.perf_counter())
        )
        bound = other if bound is None else min(bound, other)
    bound = max(bound, value)  # within the solver's tolerance of the objective
    gap = (bound - value) / max(abs(bound), 1e-9)
    if gap < 1e-7:
        gap = 0.0
    unplaced = explain_unplaced(inst, best, diagnosis) if not all_placed else []
    status = "partial" if not all_placed else ("optimal" if proven or gap == 0.0 else "feasible")
    assigned_ids = {m for t in teams for m in t["members"]}
    solution = {
        "status": status,
        "method": used,
        "teams": teams,
        "unassigned": [p.id for p in inst.students if p.id not in assigned_ids],
        "spare_coaches": [p.id for p in inst.coaches if p.id not in assigned_ids],
        "objective": round(value, 9),
        "terms": {k: round(v, 9) for k, v in terms.items() if k != "objective"},
        "bound": round(bound, 9),
        "gap": round(gap, 9),
        "seconds": round(time.perf_counter() - started, 3),
        "reasons": reasons(
            inst, {pid: s for pid, s in best.items() if pid in assigned_ids}, unplaced
        ),
        "diagnosis": [{k: v for k, v in d.items()} for d in diagnosis],
    }
    if status == "partial":
        solution["violations"] = unplaced
    report.incumbent, report.bound = value, bound
    report("finished", final=True)
    return solution
