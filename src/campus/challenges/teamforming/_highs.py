"""A small row-by-row model builder over highspy, shared by the MILP and the LP bound."""

from __future__ import annotations

import math
import os
import sys
import threading

import highspy
import numpy as np

INF = math.inf

_threads: int | None = None  # the thread count asked of HiGHS in this process (None: its own)


_banner_lock = threading.Lock()
_banner_done = False


def new_highs() -> highspy.Highs:
    """A Highs object. The first one of a process prints HiGHS's banner on the C-level
    standard output, where the command line writes its JSON and the seeder its report: that
    one moment goes to the standard error instead."""
    global _banner_done
    if _banner_done:
        return highspy.Highs()
    with _banner_lock:
        if _banner_done:
            return highspy.Highs()
        sys.stdout.flush()
        saved = os.dup(1)
        try:
            os.dup2(2, 1)
            h = highspy.Highs()
        finally:
            os.dup2(saved, 1)
            os.close(saved)
            _banner_done = True
        return h


def use_threads(count: int | None) -> None:
    """Ask every later model for count threads (None: HiGHS's choice, all cores).

    HiGHS keeps one scheduler per process and refuses a model that asks for another count,
    so the scheduler is reset when the count changes (between solves, never during one).
    The exact method runs the MILP on one core beside the Python heuristics on the other;
    the heuristic method leaves HiGHS both cores.
    """
    global _threads
    if count == _threads:
        return
    if _threads is not None or count is not None:
        highspy.Highs.resetGlobalScheduler(True)
    _threads = count


class Builder:
    def __init__(self) -> None:
        self.lb: list[float] = []
        self.ub: list[float] = []
        self.cost: list[float] = []
        self.integer: list[bool] = []
        self.rows_lo: list[float] = []
        self.rows_hi: list[float] = []
        self.starts: list[int] = []
        self.index: list[int] = []
        self.value: list[float] = []

    def var(
        self, lb: float = 0.0, ub: float = 1.0, cost: float = 0.0, integer: bool = False
    ) -> int:
        self.lb.append(lb)
        self.ub.append(ub)
        self.cost.append(cost)
        self.integer.append(integer)
        return len(self.lb) - 1

    def row(self, terms, lo: float = -INF, hi: float = INF) -> None:
        """terms: iterable of (variable, coefficient)."""
        self.starts.append(len(self.index))
        for j, a in terms:
            self.index.append(j)
            self.value.append(a)
        self.rows_lo.append(lo)
        self.rows_hi.append(hi)

    def highs(self, *, time_limit: float | None, mip: bool) -> highspy.Highs:
        h = new_highs()
        h.setOptionValue("output_flag", False)
        if _threads is not None:
            h.setOptionValue("threads", _threads)
        if time_limit is not None:
            h.setOptionValue("time_limit", max(0.05, float(time_limit)))
        n = len(self.lb)
        inf = highspy.kHighsInf
        lb = np.array([v if v != -INF else -inf for v in self.lb], dtype=np.float64)
        ub = np.array([v if v != INF else inf for v in self.ub], dtype=np.float64)
        h.addVars(n, lb, ub)
        idx = np.arange(n, dtype=np.int32)
        h.changeColsCost(n, idx, np.array(self.cost, dtype=np.float64))
        if mip and any(self.integer):
            h.changeColsIntegrality(
                n,
                idx,
                np.array(
                    [
                        highspy.HighsVarType.kInteger if f else highspy.HighsVarType.kContinuous
                        for f in self.integer
                    ]
                ),
            )
        m = len(self.rows_lo)
        if m:
            lo = np.array([v if v != -INF else -inf for v in self.rows_lo], dtype=np.float64)
            hi = np.array([v if v != INF else inf for v in self.rows_hi], dtype=np.float64)
            h.addRows(
                m,
                lo,
                hi,
                len(self.index),
                np.array(self.starts, dtype=np.int32),
                np.array(self.index, dtype=np.int32),
                np.array(self.value, dtype=np.float64),
            )
        h.changeObjectiveSense(highspy.ObjSense.kMaximize)
        return h


def status_name(h: highspy.Highs) -> str:
    return h.modelStatusToString(h.getModelStatus())
