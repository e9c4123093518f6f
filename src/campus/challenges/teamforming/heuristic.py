"""Greedy construction and local search, for instances too large for the exact model.

Construction: students go to their best-ranked challenge with room (those with the fewest
choices first); each challenge opens as many of its slots as its students allow; one coach
per team by bipartite matching (a team without a coach is closed and its students move on);
students are dealt to the teams of their challenge in pairs of the same protected value;
spare coaches join the team where they add the most.

Local search: moves and swaps of students (within and across the challenges they ranked)
and of coaches, each applied on incremental counters, kept when the objective does not
decrease and every rule still holds; unplaced students are inserted wherever they fit.
"""

from __future__ import annotations

import random
import time
from collections import defaultdict

from .model import Instance, rank_score

EPS = 1e-9
# The plan values isolation only for a protected value held by at most this many of a
# challenge's candidates: rare values are where a student ends up alone (at 600 people the
# plan then leaves nobody alone, 1101.6 → 1104.8); rows for common values slow the plan's
# MILP down (at 6,000 people: 10,362 with none, 10,461 with this limit, 10,420 with 8).
PLAN_ISOLATION_MAX = 4


class State:
    def __init__(self, instance: Instance, seed: int = 0) -> None:
        self.instance = instance
        self.rng = random.Random(seed)
        w = instance.weights
        self.ws, self.wd, self.wi, self.wp = (
            w["skills"],
            w["diversity"],
            w["isolation"],
            w["preference"],
        )
        chs = [c for c in instance.challenges if c.usable]
        self.challenges = chs
        self.cidx = {c.id: n for n, c in enumerate(chs)}
        self.ch_skills = [list(c.skills.items()) for c in chs]
        self.slots_of: list[list[int]] = []
        self.slot_ch: list[int] = []
        for n, c in enumerate(chs):
            self.slots_of.append(list(range(len(self.slot_ch), len(self.slot_ch) + c.teams)))
            self.slot_ch += [n] * c.teams
        self.smin = [chs[n].smallest_team for n in self.slot_ch]
        self.smax = [chs[n].max_size for n in self.slot_ch]
        # people
        people = [p for p in instance.people if p.is_student or p.is_coach]
        self.people = people
        insts: dict[str, int] = {}
        prot: dict[tuple[str, str], int] = {}
        for a, values in instance.protected.items():
            for v in values:
                prot[a, v] = len(prot)
        self.student = [p.is_student for p in people]
        self.inst = [insts.setdefault(p.institution, len(insts)) for p in people]
        self.prot = [
            tuple(
                prot[a, p.attributes[a]]
                for a in instance.protected
                if (a, p.attributes.get(a)) in prot
            )
            if p.is_student
            else ()
            for p in people
        ]
        self.score: list[dict[int, float]] = []
        self.holds: list[dict[int, tuple[int, ...]]] = []
        for p in people:
            sc, hd = {}, {}
            for c in instance.options(p):
                if c.id not in self.cidx:
                    continue
                n = self.cidx[c.id]
                sc[n] = self.wp * rank_score(instance.rank(p, c.id)) if p.is_student else 0.0
                hd[n] = tuple(
                    k for k, (uri, wt) in enumerate(self.ch_skills[n]) if wt > 0 and p.holds(uri)
                )
            self.score.append(sc)
            self.holds.append(hd)
        self.candidate_slots = [
            [s for n in self.score[i] for s in self.slots_of[n]] for i in range(len(people))
        ]
        ns = len(self.slot_ch)
        self.where = [-1] * len(people)
        self.members: list[set[int]] = [set() for _ in range(ns)]
        self.n_stu = [0] * ns
        self.n_coach = [0] * ns
        self.inst_cnt: list[dict[int, int]] = [defaultdict(int) for _ in range(ns)]
        self.skill_cnt = [[0] * len(self.ch_skills[self.slot_ch[s]]) for s in range(ns)]
        self.prot_cnt: list[dict[int, int]] = [defaultdict(int) for _ in range(ns)]
        self.cov = [0.0] * ns
        self.ninst = [0] * ns
        self.niso = [0] * ns
        self.pref_total = 0.0

    # --- values -------------------------------------------------------------------------
    def value(self, s: int) -> float:
        if self.n_stu[s] == 0:
            return 0.0
        return self.ws * self.cov[s] + self.wd * (self.ninst[s] - 1) - self.wi * self.niso[s]

    def placed(self) -> int:
        return sum(1 for i, s in enumerate(self.where) if s >= 0 and self.student[i])

    def total(self) -> float:
        return self.pref_total + sum(self.value(s) for s in range(len(self.slot_ch)))

    def feasible(self, s: int) -> bool:
        if self.n_stu[s] == 0:
            return self.n_coach[s] == 0
        return (
            self.smin[s] <= self.n_stu[s] <= self.smax[s]
            and self.n_coach[s] >= 1
            and self.ninst[s] >= 2
        )

    # --- primitive changes, returning the change of the objective ------------------------
    def _remove(self, i: int) -> float:
        s = self.where[i]
        if s < 0:
            return 0.0
        before = self.value(s)
        n = self.slot_ch[s]
        self.members[s].discard(i)
        self.where[i] = -1
        wts = self.ch_skills[n]
        for k in self.holds[i][n]:
            self.skill_cnt[s][k] -= 1
            if self.skill_cnt[s][k] == 0:
                self.cov[s] -= wts[k][1]
        ic = self.inst_cnt[s]
        ic[self.inst[i]] -= 1
        if ic[self.inst[i]] == 0:
            self.ninst[s] -= 1
        gain = 0.0
        if self.student[i]:
            self.n_stu[s] -= 1
            gain -= self.score[i][n]
            self.pref_total -= self.score[i][n]
            pc = self.prot_cnt[s]
            for v in self.prot[i]:
                pc[v] -= 1
                if pc[v] == 0:
                    self.niso[s] -= 1
                elif pc[v] == 1:
                    self.niso[s] += 1
        else:
            self.n_coach[s] -= 1
        return gain + self.value(s) - before

    def _add(self, i: int, s: int) -> float:
        before = self.value(s)
        n = self.slot_ch[s]
        self.members[s].add(i)
        self.where[i] = s
        wts = self.ch_skills[n]
        for k in self.holds[i][n]:
            if self.skill_cnt[s][k] == 0:
                self.cov[s] += wts[k][1]
            self.skill_cnt[s][k] += 1
        ic = self.inst_cnt[s]
        if ic[self.inst[i]] == 0:
            self.ninst[s] += 1
        ic[self.inst[i]] += 1
        gain = 0.0
        if self.student[i]:
            self.n_stu[s] += 1
            gain += self.score[i][n]
            self.pref_total += self.score[i][n]
            pc = self.prot_cnt[s]
            for v in self.prot[i]:
                if pc[v] == 0:
                    self.niso[s] += 1
                elif pc[v] == 1:
                    self.niso[s] -= 1
                pc[v] += 1
        else:
            self.n_coach[s] += 1
        return gain + self.value(s) - before

    def move(self, i: int, s: int) -> float:
        d = self._remove(i)
        if s >= 0:
            d += self._add(i, s)
        return d

    # --- construction ------------------------------------------------------------------
    def construct(self) -> None:
        rng = self.rng
        chs = self.challenges
        students = [i for i in range(len(self.people)) if self.student[i]]
        coaches = [i for i in range(len(self.people)) if not self.student[i]]
        coach_of: dict[int, list[int]] = defaultdict(list)
        for q in coaches:
            for n in self.score[q]:
                coach_of[n].append(q)
        ranked = {i: sorted(self.score[i], key=lambda n, i=i: -self.score[i][n]) for i in students}
        closed = [0] * len(chs)  # slots taken away for want of a coach
        assigned: dict[int, int] = {}
        for _round in range(6):
            cap = [(c.teams - closed[n]) * c.max_size for n, c in enumerate(chs)]
            count = [0] * len(chs)
            order = sorted(students, key=lambda i: (len(ranked[i]), rng.random()))
            assigned = {}
            for i in order:
                for n in ranked[i]:
                    if count[n] < cap[n]:
                        count[n] += 1
                        assigned[i] = n
                        break
            # fit the counts to a whole number of teams, moving the surplus on
            for _fit in range(4):
                moved = False
                for n, c in enumerate(chs):
                    teams = min(c.teams - closed[n], count[n] // c.smallest_team)
                    room = teams * c.max_size
                    if count[n] > room:
                        members = [i for i, m in assigned.items() if m == n]
                        rng.shuffle(members)
                        members.sort(key=lambda i: len(ranked[i]), reverse=True)  # flexible first
                        for i in members[: count[n] - room]:
                            del assigned[i]
                            count[n] -= 1
                            for m in ranked[i]:
                                if m == n:
                                    continue
                                t = min(chs[m].teams - closed[m], count[m] // chs[m].smallest_team)
                                if count[m] < t * chs[m].max_size or (
                                    count[m] + 1 >= chs[m].smallest_team * max(1, t + 1)
                                    and t < chs[m].teams - closed[m]
                                ):
                                    assigned[i] = m
                                    count[m] += 1
                                    break
                            moved = True
                if not moved:
                    break
            teams_n = [
                min(c.teams - closed[n], count[n] // c.smallest_team) for n, c in enumerate(chs)
            ]
            # one coach per team: greedy then augmenting paths
            need = [(n, t) for n in range(len(chs)) for t in range(teams_n[n])]
            match_team: dict[tuple[int, int], int] = {}
            match_coach: dict[int, tuple[int, int]] = {}
            for team in sorted(need, key=lambda t: len(coach_of[t[0]])):
                self._augment(team, coach_of, match_team, match_coach)
            short = [0] * len(chs)
            for team in need:
                if team not in match_team:
                    short[team[0]] += 1
            if not any(short):
                break
            for n in range(len(chs)):
                closed[n] += short[n]
        # build the teams
        for n, c in enumerate(chs):
            teams = min(
                c.teams - closed[n], sum(1 for m in assigned.values() if m == n) // c.smallest_team
            )
            members = [i for i, m in assigned.items() if m == n]
            if teams == 0:
                continue
            members.sort(key=lambda i: (self.prot[i], rng.random()))
            slots = self.slots_of[n][:teams]
            for pos, i in enumerate(members):
                s = slots[(pos // 2) % teams]
                if self.n_stu[s] >= c.max_size:
                    s = min(slots, key=lambda x: self.n_stu[x])
                self._add(i, s)
        for q, (n, t) in match_coach.items():
            s = self.slots_of[n][t]
            if self.n_stu[s] > 0:
                self._add(q, s)
        # spare coaches where they add most; then close teams that still break a rule
        for q in coaches:
            if self.where[q] >= 0:
                continue
            best, best_gain = -1, -1.0
            for s in self.candidate_slots[q]:
                if self.n_stu[s] == 0:
                    continue
                g = self._add(q, s)
                self._remove(q)
                if g > best_gain:
                    best, best_gain = s, g
            if best >= 0:
                self._add(q, best)
        self.repair()

    def construct_aggregated(self, time_limit: float) -> dict | None:
        """Students and coaches to challenges, and the number of teams of each, by a small MILP.

        One binary per person and challenge they may join, one integer per challenge (its
        number of teams), each team valued at what it would add if every skill were covered
        and its smallest size spread over institutions. Returns None when HiGHS finds
        nothing in time (the greedy construction takes over); otherwise the plan, which
        apply_plan() can deal into teams again with another random order.
        """
        from ._highs import INF, Builder

        b = Builder()
        chs = self.challenges
        n_inst = len(set(self.inst))
        cols: dict[int, list[tuple[int, int]]] = defaultdict(list)
        by_ch: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for i in range(len(self.people)):
            for n, sc in self.score[i].items():
                j = b.var(0, 1, sc + (1e-3 if not self.student[i] else 0.0), integer=True)
                cols[i].append((n, j))
                by_ch[n].append((i, j))
        for vs in cols.values():
            b.row([(j, 1) for _n, j in vs], -INF, 1)
        # every student placed first: a large reward per placement
        big = (
            1.0
            + self.wp
            + self.ws * max((sum(w for _k, w in sk) for sk in self.ch_skills), default=0)
            + self.wd * n_inst
        )
        for i, vs in cols.items():
            if self.student[i]:
                for _n, j in vs:
                    b.cost[j] += big
        tvar = {}
        for n, c in enumerate(chs):
            members = by_ch.get(n, [])
            stu = [j for i, j in members if self.student[i]]
            coa = [j for i, j in members if not self.student[i]]
            usable = bool(stu and coa)
            t = b.var(0, c.teams if usable else 0, -self.wd, integer=True)
            tvar[n] = t
            b.row([(j, 1) for j in stu] + [(t, -c.smallest_team)], 0, INF)
            b.row([(j, 1) for j in stu] + [(t, -c.max_size)], -INF, 0)
            b.row([(j, 1) for j in coa] + [(t, -1)], 0, INF)
            if not usable:
                continue
            # skills covered and institutions present, per challenge (≤ teams, ≤ holders)
            for k, (_uri, wt) in enumerate(self.ch_skills[n]):
                holders = [j for i, j in members if k in self.holds[i][n]]
                if holders and wt > 0 and self.ws > 0:
                    cov = b.var(0, c.teams, self.ws * wt)
                    b.row([(cov, 1)] + [(j, -1) for j in holders], -INF, 0)
                    b.row([(cov, 1), (t, -1)], -INF, 0)
            by_inst: dict[int, list[int]] = defaultdict(list)
            for i, j in members:
                by_inst[self.inst[i]].append(j)
            ins_vars = []
            for js in by_inst.values():
                v = b.var(0, c.teams, self.wd)
                ins_vars.append(v)
                b.row([(v, 1)] + [(j, -1) for j in js], -INF, 0)
                b.row([(v, 1), (t, -1)], -INF, 0)
            b.row([(v, 1) for v in ins_vars] + [(t, -2)], 0, INF)
            # a protected value held by exactly one of the challenge's students isolates
            # that student in whatever team they join: z ≥ 2·x_p − Σ_v x
            if self.wi > 0:
                by_value: dict[int, list[int]] = defaultdict(list)
                for i, j in members:
                    for v in self.prot[i]:
                        by_value[v].append(j)
                for js in by_value.values():
                    if len(js) > PLAN_ISOLATION_MAX:
                        continue
                    z = b.var(0, 1, -self.wi)
                    for j0 in js:
                        b.row([(z, 1)] + [(j, -1 if j == j0 else 1) for j in js], 0, INF)
        started = time.perf_counter()
        binaries = [j for vs in cols.values() for _n, j in vs]
        h = None
        if len(binaries) > 2000:
            # Relax and fix: solve the LP relaxation (interior point), fix the people whose
            # choice it settles, and leave HiGHS a much smaller MILP.
            lp = b.highs(time_limit=0.3 * time_limit, mip=False)
            lp.setOptionValue("solver", "ipm")
            lp.setOptionValue("run_crossover", "off")
            lp.run()
            if lp.modelStatusToString(lp.getModelStatus()) == "Optimal":
                xs = lp.getSolution().col_value
                saved = (list(b.lb), list(b.ub))
                for j in binaries:
                    if xs[j] < 0.02:
                        b.ub[j] = 0.0
                h = b.highs(time_limit=time_limit - (time.perf_counter() - started), mip=True)
                h.setOptionValue("mip_rel_gap", 1e-4)
                h.run()
                b.lb, b.ub = saved
                if h.getInfo().primal_solution_status != 2:
                    h = None
        if h is None:
            h = b.highs(
                time_limit=max(0.05, time_limit - (time.perf_counter() - started)), mip=True
            )
            h.setOptionValue("mip_rel_gap", 1e-4)
            h.run()
            if h.getInfo().primal_solution_status != 2:
                return None
        x = h.getSolution().col_value
        teams = {n: round(x[t]) for n, t in tvar.items()}
        plan = {
            n: (teams[n], [i for i, j in by_ch.get(n, []) if x[j] > 0.5])
            for n in range(len(chs))
            if teams[n] > 0
        }
        self.apply_plan(plan)
        return plan

    def apply_plan(self, plan: dict[int, tuple[int, list[int]]]) -> None:
        """Form the teams of a challenge-level plan: challenge → (teams, its people)."""
        spare = []
        for n, (k, members) in plan.items():
            spare += self.split(n, k, members)
        for q in spare:
            self.insert(q)
        for i in range(len(self.people)):
            if not self.student[i] and self.where[i] < 0:
                self.insert(i)
        self.repair()
        for i in range(len(self.people)):
            if self.student[i] and self.where[i] < 0:
                self.insert_with_ejection(i)

    def split(self, n: int, k: int, members: list[int]) -> list[int]:
        """Deal a challenge's people to its first k slots; returns the coaches left over.

        One coach per team (those bringing the most skills first), then students, the
        scarcest skill holders first, each to the team with room where they add the most;
        team sizes are kept even so that every team reaches its minimum.
        """
        rng = self.rng
        c = self.challenges[n]
        slots = self.slots_of[n][:k]
        stu = [i for i in members if self.student[i]]
        coa = [i for i in members if not self.student[i]]
        rng.shuffle(stu)
        rng.shuffle(coa)
        coa.sort(key=lambda i: -len(self.holds[i][n]))
        for r, q in enumerate(coa[:k]):
            self._add(q, slots[r])
        sizes = [len(stu) // k + (1 if r < len(stu) % k else 0) for r in range(k)]
        cap = dict(zip(slots, [min(z, c.max_size) for z in sizes], strict=True))
        stu.sort(key=lambda i: -len(self.holds[i][n]))
        for i in stu:
            best, best_gain = -1, -float("inf")
            for s in slots:
                if self.n_stu[s] >= cap[s]:
                    continue
                g = self._add(i, s)
                self._remove(i)
                if g > best_gain + EPS:
                    best, best_gain = s, g
            if best < 0:
                best = min(slots, key=lambda x: self.n_stu[x])
            self._add(i, best)
        return coa[k:]

    def insert_with_ejection(self, i: int) -> bool:
        """Place i, if need be by moving a member of a full team to another team with room."""
        if self.insert(i):
            return True
        rng = self.rng
        cands = list(self.candidate_slots[i])
        rng.shuffle(cands)
        for s in cands:
            if self.n_stu[s] == 0:
                continue
            for j in list(self.members[s]):
                if not self.student[j]:
                    continue
                for t in self.candidate_slots[j]:
                    if t == s or self.n_stu[t] == 0 or self.n_stu[t] >= self.smax[t]:
                        continue
                    self.move(j, t)
                    self._add(i, s)
                    if self.feasible(s) and self.feasible(t):
                        return True
                    self._remove(i)
                    self.move(j, s)
        return False

    def _augment(self, team, coach_of, match_team, match_coach) -> bool:
        """Find a coach for team, reassigning others along an augmenting path (BFS)."""
        for q in coach_of[team[0]]:
            if q not in match_coach:
                match_team[team] = q
                match_coach[q] = team
                return True
        parent: dict[int, tuple[int, int] | None] = {}
        frontier = [team]
        seen_teams = {team}
        came_from: dict[tuple[int, int], int | None] = {team: None}
        while frontier:
            nxt = []
            for t in frontier:
                for q in coach_of[t[0]]:
                    if q in parent:
                        continue
                    parent[q] = t
                    if q not in match_coach:
                        # unwind
                        while True:
                            tt = parent[q]
                            prev_q = came_from[tt]
                            match_team[tt] = q
                            match_coach[q] = tt
                            if prev_q is None:
                                return True
                            q = prev_q
                    t2 = match_coach[q]
                    if t2 not in seen_teams:
                        seen_teams.add(t2)
                        came_from[t2] = q
                        nxt.append(t2)
            frontier = nxt
            if len(parent) > 5000:
                break
        return False

    def repair(self) -> None:
        """Close teams that break a rule and try to place their students elsewhere."""
        for _ in range(3):
            broken = [s for s in range(len(self.slot_ch)) if not self.feasible(s)]
            if not broken:
                return
            loose = []
            for s in broken:
                for i in list(self.members[s]):
                    self._remove(i)
                    loose.append(i)
            for i in loose:
                self.insert(i)

    def insert(self, i: int) -> bool:
        best, best_gain = -1, -float("inf")
        for s in self.candidate_slots[i]:
            if self.n_stu[s] == 0 or (self.student[i] and self.n_stu[s] >= self.smax[s]):
                continue
            g = self._add(i, s)
            ok = self.feasible(s)
            self._remove(i)
            if ok and g > best_gain:
                best, best_gain = s, g
        if best >= 0:
            self._add(i, best)
            return True
        return False

    # --- local search -------------------------------------------------------------------
    def try_move(self, i: int, s: int, *, force: bool = False) -> bool:
        a = self.where[i]
        d = self.move(i, s)
        if (
            (d > EPS or force or (d > -EPS and self.rng.random() < 0.3))
            and self.feasible(s)
            and (a < 0 or self.feasible(a))
        ):
            return d > EPS
        self.move(i, a)
        return False

    def try_swap(self, i: int, j: int) -> bool:
        a, b = self.where[i], self.where[j]
        d = self.move(i, b) + self.move(j, a)
        if (
            (d > EPS or (d > -EPS and self.rng.random() < 0.3))
            and self.feasible(a)
            and self.feasible(b)
        ):
            return d > EPS
        self.move(j, b)
        self.move(i, a)
        return False

    def local_search(self, deadline: float) -> None:
        rng = self.rng
        n_people = len(self.people)
        if not n_people or not self.slot_ch:
            return
        people = list(range(n_people))
        stale = 0
        limit = 40 * n_people + 2000
        steps = 0
        while stale < limit:
            steps += 1
            if steps % 256 == 0 and time.perf_counter() > deadline:
                break
            i = people[rng.randrange(n_people)]
            cands = self.candidate_slots[i]
            if not cands:
                stale += 1
                continue
            if self.where[i] < 0:
                if self.student[i]:
                    placed = self.insert_with_ejection(i)
                    stale = 0 if placed else stale + 1
                else:
                    s = cands[rng.randrange(len(cands))]
                    improved = self.n_stu[s] > 0 and self.try_move(i, s)
                    stale = 0 if improved else stale + 1
                continue
            s = cands[rng.randrange(len(cands))]
            if s == self.where[i] or self.n_stu[s] == 0:
                stale += 1
                continue
            improved = False
            if rng.random() < 0.5:
                improved = self.try_move(i, s)
            else:
                same_kind = [j for j in self.members[s] if self.student[j] == self.student[i]]
                if same_kind:
                    j = same_kind[rng.randrange(len(same_kind))]
                    if self.where[i] in self.candidate_slots_set(j):
                        improved = self.try_swap(i, j)
            stale = 0 if improved else stale + 1

    def polish(self, deadline: float) -> None:
        """Best-improvement passes of moves and swaps between the teams of each challenge."""
        for n in range(len(self.challenges)):
            if time.perf_counter() > deadline:
                return
            slots = [s for s in self.slots_of[n] if self.n_stu[s] > 0]
            if len(slots) < 2:
                continue
            for _pass in range(4):
                improved = False
                people = [i for s in slots for i in self.members[s]]
                for a_pos, i in enumerate(people):
                    for j in people[a_pos + 1 :]:
                        a, b = self.where[i], self.where[j]
                        if a == b or self.student[i] != self.student[j]:
                            continue
                        d = self.move(i, b) + self.move(j, a)
                        if d > EPS and self.feasible(a) and self.feasible(b):
                            improved = True
                            continue
                        self.move(j, b)
                        self.move(i, a)
                    a = self.where[i]
                    for t in slots:
                        if t == a:
                            continue
                        d = self.move(i, t)
                        if d > EPS and self.feasible(a) and self.feasible(t):
                            improved = True
                            break
                        self.move(i, a)
                if not improved:
                    break

    def candidate_slots_set(self, j: int) -> set[int]:
        cache = getattr(self, "_cand_sets", None)
        if cache is None:
            cache = self._cand_sets = {}
        got = cache.get(j)
        if got is None:
            got = cache[j] = set(self.candidate_slots[j])
        return got

    # --- output ---------------------------------------------------------------------------
    def assignment(self) -> dict[str, tuple[str, int]]:
        out = {}
        for i, s in enumerate(self.where):
            if s >= 0 and self.n_stu[s] > 0:
                n = self.slot_ch[s]
                out[self.people[i].id] = (self.challenges[n].id, self.slots_of[n].index(s))
        return out


def solve_heuristic(
    instance: Instance, *, time_limit: float = 10.0, seed: int = 0
) -> dict[str, tuple[str, int]]:
    """Construction and local search; restarted from the same plan while time remains."""
    start = time.perf_counter()
    deadline = start + time_limit
    state = State(instance, seed=seed)
    plan = state.construct_aggregated(max(0.05, 0.4 * time_limit))
    if plan is None:
        state.construct()
    t0 = time.perf_counter()
    state.local_search(deadline)
    state.polish(deadline)
    best = state
    best_key = (state.placed(), state.total())
    last = time.perf_counter() - t0
    run = 1
    stale = 0
    while plan is not None and stale < 8 and time.perf_counter() + 1.2 * last < deadline:
        t0 = time.perf_counter()
        other = State(instance, seed=seed + run)
        other.apply_plan(plan)
        other.local_search(deadline)
        other.polish(deadline)
        key = (other.placed(), other.total())
        if key[0] > best_key[0] or (key[0] == best_key[0] and key[1] > best_key[1] + EPS):
            best, best_key = other, key
            stale = 0
        else:
            stale += 1
        last = time.perf_counter() - t0
        run += 1
    return best.assignment()
