"""The exact model, solved by HiGHS.

Variables (all per slot s = (challenge, k)):

* x[p,s] binary: person p (student or coach) is in slot s — only for pairs allowed by the
  person-level rules (ranked, language, coach preferences);
* y[s] binary: the slot is a formed team;
* cov[s,k] ∈ [0,1]: some member holds skill k (≤ Σ x of the holders, ≤ y — the second
  row lowers the LP bound by about 0.6 % on the 600-person benchmark);
* ins[s,i] ∈ [0,1]: institution i is present (≤ Σ x of its people, ≤ y); Σ_i ins ≥ 2·y is
  the rule of two institutions and Σ_i ins − y the diversity term;
* for each protected value v: z[s,v] ∈ [0,1] with z ≥ 2·x[p,s] − Σ_{q eligible with v}
  x[q,s] for every eligible student p with v. When p is the only one with v the right side
  is 1, otherwise it is ≤ 0, so z = [count_v = 1] at the optimum; no extra binary is
  needed and the LP relaxation is tighter than a count with a big-M indicator.

Symmetry between the slots of one challenge is broken by y[c,k] ≥ y[c,k+1] and by ordering
the slots on their number of students.
"""

from __future__ import annotations

import _thread
import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

import highspy
import numpy as np

from ._highs import INF, Builder, status_name
from .model import Instance, rank_score


@dataclass
class MilpResult:
    assign: dict[str, tuple[str, int]]
    value: float | None
    bound: float | None
    status: str  # "optimal" | "time_limit" | "infeasible" | "other"
    placed: int = 0


class Background:
    """fn() in a daemon thread, with is_alive() and join().

    Built on _thread rather than threading.Thread so that code replacing threading.Thread
    (the campus's tests run background jobs inline that way) does not catch the solver's.
    """

    def __init__(self, fn: Callable[[], object]) -> None:
        self._done = _thread.allocate_lock()
        self._done.acquire()

        def body() -> None:
            try:
                fn()
            finally:
                self._done.release()

        _thread.start_new_thread(body, ())

    def is_alive(self) -> bool:
        return self._done.locked()

    def join(self) -> None:
        with self._done:
            pass

    def wait(self, seconds: float) -> bool:
        """Wait at most ``seconds`` for the end; True when it has ended."""
        if self._done.acquire(timeout=seconds):
            self._done.release()
            return True
        return False


class MipNews:
    """The best objective and the proven bound HiGHS reports while it solves (written by
    HiGHS's thread from its callbacks, read by the caller's)."""

    def __init__(self) -> None:
        self.incumbent: float | None = None
        self.bound: float | None = None

    def listen(self, h: highspy.Highs) -> None:
        def heard(event) -> None:
            out = event.data_out
            if math.isfinite(out.mip_primal_bound):
                self.incumbent = float(out.mip_primal_bound)
            if math.isfinite(out.mip_dual_bound):
                self.bound = float(out.mip_dual_bound)

        h.cbMipImprovingSolution.subscribe(heard)
        h.cbMipInterrupt.subscribe(heard)


class ExactModel:
    def __init__(
        self,
        instance: Instance,
        *,
        require_all: bool = True,
        min_placed: int | None = None,
        placement_only: bool = False,
        people: set[str] | None = None,
        challenges: set[str] | None = None,
    ) -> None:
        """The whole instance, or (for local improvement) only the given people and challenges.

        A sub-model keeps every rule for the people and challenges it covers; with
        require_all, each of its students must be placed in one of its challenges.
        """
        self.instance = instance
        b = self.b = Builder()
        w = instance.weights
        self.x: dict[tuple[str, str, int], int] = {}
        self.y: dict[tuple[str, int], int] = {}
        by_slot: dict[tuple[str, int], list[tuple[object, int]]] = defaultdict(list)
        student_vars: dict[str, list[int]] = defaultdict(list)
        coach_vars: dict[str, list[int]] = defaultdict(list)
        scope = [
            p
            for p in instance.people
            if (p.is_student or p.is_coach) and (people is None or p.id in people)
        ]
        for p in scope:
            for c in instance.options(p):
                if challenges is not None and c.id not in challenges:
                    continue
                for k in range(c.teams):
                    if placement_only:
                        cost = 1.0 if p.is_student else 0.0
                    else:
                        cost = (
                            w["preference"] * rank_score(instance.rank(p, c.id))
                            if p.is_student
                            else 0.0
                        )
                    j = b.var(0, 1, cost, integer=True)
                    self.x[p.id, c.id, k] = j
                    by_slot[c.id, k].append((p, j))
                    (student_vars if p.is_student else coach_vars)[p.id].append(j)
        for p in scope:
            if not p.is_student:
                continue
            vs = student_vars.get(p.id, [])
            if require_all:
                b.row([(j, 1) for j in vs], 1, 1)
            elif vs:
                b.row([(j, 1) for j in vs], -INF, 1)
        for vs in coach_vars.values():
            b.row([(j, 1) for j in vs], -INF, 1)
        if min_placed:
            b.row([(j, 1) for vs in student_vars.values() for j in vs], min_placed, INF)

        ws = 0.0 if placement_only else w["skills"]
        wd = 0.0 if placement_only else w["diversity"]
        wi = 0.0 if placement_only else w["isolation"]
        for c in instance.challenges:
            if challenges is not None and c.id not in challenges:
                continue
            prev_y = prev_students = None
            for k in range(c.teams):
                members = by_slot.get((c.id, k), [])
                students = [(p, j) for p, j in members if p.is_student]
                coaches = [(p, j) for p, j in members if p.is_coach]
                if not students or not coaches or not c.usable:
                    for _p, j in members:
                        b.ub[j] = 0.0
                    members, students, coaches = [], [], []
                y = b.var(0, 1 if members else 0, -wd, integer=True)
                self.y[c.id, k] = y
                if not members:
                    continue
                # sizes, coach
                b.row([(j, 1) for _p, j in students] + [(y, -c.smallest_team)], 0, INF)
                b.row([(j, 1) for _p, j in students] + [(y, -c.max_size)], -INF, 0)
                b.row([(j, 1) for _p, j in coaches] + [(y, -1)], 0, INF)
                for _p, j in coaches:
                    b.row([(j, 1), (y, -1)], -INF, 0)
                # skills
                for uri, weight in c.skills.items():
                    holders = [j for p, j in members if p.holds(uri)]
                    if not holders or weight == 0:
                        continue
                    cov = b.var(0, 1, ws * weight)
                    b.row([(cov, 1)] + [(j, -1) for j in holders], -INF, 0)
                    b.row([(cov, 1), (y, -1)], -INF, 0)
                # institutions
                by_inst: dict[str, list[int]] = defaultdict(list)
                for p, j in members:
                    by_inst[p.institution].append(j)
                ins_vars = []
                for js in by_inst.values():
                    v = b.var(0, 1, wd)
                    ins_vars.append(v)
                    b.row([(v, 1)] + [(j, -1) for j in js], -INF, 0)
                    b.row([(v, 1), (y, -1)], -INF, 0)
                b.row([(v, 1) for v in ins_vars] + [(y, -2)], 0, INF)
                # isolation
                if wi > 0:
                    for attribute, values in instance.protected.items():
                        for value in values:
                            js = [j for p, j in students if p.attributes.get(attribute) == value]
                            if not js:
                                continue
                            # z ≥ 2·x_p − Σ_v x for each p: z ≥ 1 when p is the only
                            # one, ≤ 0 otherwise; stronger in the LP than a count with a
                            # big-M indicator, and without an extra binary
                            z = b.var(0, 1, -wi)
                            for j0 in js:
                                b.row([(z, 1)] + [(j, -1 if j == j0 else 1) for j in js], 0, INF)
                # symmetry between slots of the same challenge
                if prev_y is not None:
                    b.row([(prev_y, 1), (y, -1)], 0, INF)
                    b.row(
                        [(j, 1) for _p, j in prev_students] + [(j, -1) for _p, j in students],
                        0,
                        INF,
                    )
                prev_y, prev_students = y, students

    def solve(
        self, *, time_limit: float | None, start: dict[str, tuple[str, int]] | None = None
    ) -> MilpResult:
        self.launch(time_limit=time_limit, start=start).join()
        return self.result()

    def launch(
        self,
        *,
        time_limit: float | None,
        start: dict[str, tuple[str, int]] | None = None,
        news: MipNews | None = None,
    ) -> Background:
        """Start HiGHS in a thread (it releases the GIL: Python work can go on meanwhile)."""
        h = self._h = self.b.highs(time_limit=time_limit, mip=True)
        if news is not None:
            news.listen(h)
        h.setOptionValue("mip_rel_gap", 1e-7)
        h.setOptionValue("mip_abs_gap", 1e-7)
        if start:
            self._set_start(h, start)
        return Background(h.run)

    def result(self) -> MilpResult:
        """The outcome of the run started by launch(), once its thread has ended."""
        h = self._h
        status = status_name(h)
        info = h.getInfo()
        has_solution = info.primal_solution_status == 2  # kSolutionStatusFeasible
        if not has_solution:
            kind = "infeasible" if "nfeasible" in status else "other"
            if "ime limit" in status:
                kind = "time_limit"
            return MilpResult({}, None, None, kind)
        values = h.getSolution().col_value
        assign = {pid: (cid, k) for (pid, cid, k), j in self.x.items() if values[j] > 0.5}
        bound = info.mip_dual_bound
        kind = (
            "optimal"
            if status == "Optimal"
            else ("time_limit" if "ime limit" in status else "other")
        )
        placed = sum(1 for pid in assign if self.instance.person_by_id[pid].is_student)
        return MilpResult(assign, info.objective_function_value, bound, kind, placed)

    def _set_start(self, h: highspy.Highs, start: dict[str, tuple[str, int]]) -> None:
        """A start from x and y only: HiGHS fixes them and completes the other variables."""
        vals: dict[int, float] = dict.fromkeys(self.x.values(), 0.0)
        vals.update(dict.fromkeys(self.y.values(), 0.0))
        start = ordered_slots(self.instance, start)
        for pid, (cid, k) in start.items():
            j = self.x.get((pid, cid, k))
            if j is None:
                return
            vals[j] = 1.0
            if self.instance.person_by_id[pid].is_student:
                vals[self.y[cid, k]] = 1.0
        idx = np.array(sorted(vals), dtype=np.int32)
        h.setSolution(len(idx), idx, np.array([vals[j] for j in idx], dtype=np.float64))


def ordered_slots(
    instance: Instance, assign: dict[str, tuple[str, int]]
) -> dict[str, tuple[str, int]]:
    """The same teams, renumbered within each challenge by decreasing number of students.

    The exact model orders the slots of a challenge that way (symmetry breaking), so a
    start that does not would be rejected as infeasible.
    """
    students: dict[tuple[str, int], int] = defaultdict(int)
    for pid, slot in assign.items():
        students[slot] += instance.person_by_id[pid].is_student
    renumber: dict[tuple[str, int], tuple[str, int]] = {}
    for c in instance.challenges:
        order = sorted(range(c.teams), key=lambda k, c=c: (-students.get((c.id, k), 0), k))
        for new, old in enumerate(order):
            renumber[c.id, old] = (c.id, new)
    return {pid: renumber.get(slot, slot) for pid, slot in assign.items()}
