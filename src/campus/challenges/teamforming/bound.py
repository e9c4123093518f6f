"""A proven upper bound for any answer: the LP relaxation of an aggregated model.

The slots of one challenge are interchangeable, so the LP relaxation of the exact model
(see milp.py) has the same value as this smaller one, with one column per person and
challenge instead of per slot:

* x[p,c] ∈ [0,1]; Σ_c x[p,c] = 1 for students (≤ 1 when not all can be placed), ≤ 1 for coaches;
* Y_c ∈ [0, teams_c], the number of formed teams; x[coach,c] ≤ Y_c;
* smallest·Y_c ≤ Σ students x ≤ max_size·Y_c; Σ coaches x ≥ Y_c;
* cov[c,k] ≤ Y_c, cov[c,k] ≤ Σ holders x; ins[c,i] ≤ Y_c, ins[c,i] ≤ Σ people of i x;
  Σ_i ins ≥ 2·Y_c;
* maximise preference·Σ score·x + skills·Σ weight·cov + diversity·(Σ ins − Y) − 0.

The isolation penalty is bounded by 0. Any solution of the exact model, averaged over the
slots of each challenge, is feasible here with the same value or more, so the LP optimum
bounds every solution. A combinatorial bound (each term bounded separately) is the fallback
when HiGHS does not finish the LP in its time.
"""

from __future__ import annotations

import math
from collections import defaultdict

import numpy as np

from ._highs import INF, Builder, status_name
from .model import Instance, rank_score


def lp_bound(
    instance: Instance, *, require_all: bool, time_limit: float | None = None
) -> float | None:
    b = Builder()
    w = instance.weights
    by_challenge: dict[str, list[tuple[object, int]]] = defaultdict(list)
    per_person: dict[str, list[int]] = defaultdict(list)
    for p in instance.people:
        if not (p.is_student or p.is_coach):
            continue
        for c in instance.options(p):
            cost = w["preference"] * rank_score(instance.rank(p, c.id)) if p.is_student else 0.0
            j = b.var(0, 1, cost)
            by_challenge[c.id].append((p, j))
            per_person[p.id].append(j)
    for p in instance.students:
        vs = per_person.get(p.id, [])
        if require_all:
            b.row([(j, 1) for j in vs], 1, 1)
        elif vs:
            b.row([(j, 1) for j in vs], -INF, 1)
    for p in instance.coaches:
        vs = per_person.get(p.id, [])
        if vs:
            b.row([(j, 1) for j in vs], -INF, 1)
    for c in instance.challenges:
        members = by_challenge.get(c.id, [])
        students = [(p, j) for p, j in members if p.is_student]
        coaches = [(p, j) for p, j in members if p.is_coach]
        if not students or not coaches:
            for _p, j in members:
                b.ub[j] = 0.0
            continue
        y = b.var(0, c.teams, -w["diversity"])
        b.row([(j, 1) for _p, j in students] + [(y, -c.smallest_team)], 0, INF)
        b.row([(j, 1) for _p, j in students] + [(y, -c.max_size)], -INF, 0)
        b.row([(j, 1) for _p, j in coaches] + [(y, -1)], 0, INF)
        for _p, j in coaches:
            b.row([(j, 1), (y, -1)], -INF, 0)
        for uri, weight in c.skills.items():
            holders = [j for p, j in members if p.holds(uri)]
            if holders and weight:
                cov = b.var(0, c.teams, w["skills"] * weight)
                b.row([(cov, 1)] + [(j, -1) for j in holders], -INF, 0)
                b.row([(cov, 1), (y, -1)], -INF, 0)
        by_inst: dict[str, list[int]] = defaultdict(list)
        for p, j in members:
            by_inst[p.institution].append(j)
        ins_vars = []
        for js in by_inst.values():
            v = b.var(0, c.teams, w["diversity"])
            ins_vars.append(v)
            b.row([(v, 1)] + [(j, -1) for j in js], -INF, 0)
            b.row([(v, 1), (y, -1)], -INF, 0)
        b.row([(v, 1) for v in ins_vars] + [(y, -2)], 0, INF)
    h = b.highs(time_limit=time_limit, mip=False)
    # Interior point without crossover: seconds instead of minutes on large instances. The
    # bound is not taken from HiGHS's objective but recomputed from its row duals (any duals
    # give a valid bound once their signs are made consistent), so it is proven even when
    # the interior point solution is only approximately optimal.
    h.setOptionValue("solver", "ipm")
    h.setOptionValue("run_crossover", "off")
    h.run()
    status = status_name(h)
    if status != "Optimal":
        return None
    duals = np.asarray(h.getSolution().row_dual, dtype=np.float64)
    if len(duals) != len(b.rows_lo):
        return None
    value = dual_bound(b, duals)
    if value is None or not math.isfinite(value):
        return None
    return value + 1e-6 * max(1.0, abs(value))


def dual_bound(b: Builder, duals: np.ndarray) -> float | None:
    """An upper bound on max c·x, lo ≤ A·x ≤ hi, lb ≤ x ≤ ub (all x bounds finite) from duals.

    For any multipliers y: c·x = y·(A·x) + (c − Aᵀy)·x, each part bounded by its box. A
    multiplier whose row side is infinite in the direction it would need is set to 0. Both
    sign conventions are tried (they are both valid) and the smaller bound is kept.
    """
    m = len(b.rows_lo)
    n = len(b.lb)
    lb = np.array(b.lb, dtype=np.float64)
    ub = np.array(b.ub, dtype=np.float64)
    if not (np.all(np.isfinite(lb)) and np.all(np.isfinite(ub))):
        return None
    cost = np.array(b.cost, dtype=np.float64)
    lo = np.array(b.rows_lo, dtype=np.float64)
    hi = np.array(b.rows_hi, dtype=np.float64)
    starts = np.array(b.starts + [len(b.index)], dtype=np.int64)
    index = np.array(b.index, dtype=np.int64)
    coef = np.array(b.value, dtype=np.float64)
    row_of = np.repeat(np.arange(m), np.diff(starts))
    best = None
    for sign in (1.0, -1.0):
        y = sign * duals
        y = np.where((y > 0) & ~np.isfinite(hi), 0.0, y)
        y = np.where((y < 0) & ~np.isfinite(lo), 0.0, y)
        # y·(A·x) ≤ Σ max(y·lo, y·hi)
        part_rows = np.where(y > 0, y * np.where(np.isfinite(hi), hi, 0.0), 0.0) + np.where(
            y < 0, y * np.where(np.isfinite(lo), lo, 0.0), 0.0
        )
        reduced = cost - np.bincount(index, weights=coef * y[row_of], minlength=n)
        part_cols = np.maximum(reduced * lb, reduced * ub)
        value = float(part_rows.sum() + part_cols.sum())
        if best is None or value < best:
            best = value
    return best


def combinatorial_bound(instance: Instance) -> float:
    """Each term bounded on its own: first usable choice for everyone, every slot formed."""
    w = instance.weights
    pref = 0.0
    for p in instance.students:
        scores = [rank_score(instance.rank(p, c.id)) for c in instance.options(p)]
        pref += max(scores, default=0.0)
    skills = diversity = 0.0
    institutions = {p.institution for p in instance.people if p.is_student or p.is_coach}
    coaches = sum(1 for p in instance.coaches if instance.options(p))
    slot_values = []
    for c in instance.challenges:
        if not c.usable:
            continue
        value = w["skills"] * sum(c.skills.values()) + w["diversity"] * (
            min(c.max_size + coaches, len(institutions)) - 1
        )
        slot_values += [value] * c.teams
    slot_values.sort(reverse=True)
    teams = min(len(slot_values), coaches)
    skills_div = sum(v for v in slot_values[:teams] if v > 0)
    return w["preference"] * pref + skills_div + skills + diversity


def upper_bound(
    instance: Instance, *, require_all: bool, time_limit: float | None = None
) -> tuple[float, str]:
    """The tightest bound that can be computed in time, and how it was obtained."""
    combinatorial = combinatorial_bound(instance)
    lp = None
    try:
        lp = lp_bound(instance, require_all=require_all, time_limit=time_limit)
        if lp is None and require_all:
            lp = lp_bound(instance, require_all=False, time_limit=time_limit)
    except Exception:  # noqa: BLE001 - a failing LP must not lose the answer; the fallback is valid
        lp = None
    if lp is not None and lp < combinatorial:
        return lp, "lp"
    return combinatorial, "combinatorial"
