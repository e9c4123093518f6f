"""Why not every student can be placed: the hard rule that blocks, in plain sentences.

``diagnose`` looks for the blocking patterns that can be seen without solving (a student
with no challenge they may join, too few coaches for the teams needed, a challenge nobody
ranked, one institution only, too little room); ``explain_unplaced`` says, for each student
left out of a best partial assignment, what stood in the way.
"""

from __future__ import annotations

import math
from collections import defaultdict

from .model import Instance, Person


def ordinal(n: int) -> str:
    words = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth"}
    if n in words:
        return words[n]
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _langs(values) -> str:
    return ", ".join(sorted(values)) or "none"


def student_blocker(instance: Instance, p: Person) -> str | None:
    """Why a student can join no challenge at all, or None when some challenge is open to them."""
    if instance.options(p):
        return None
    if not p.preferences:
        return f"student {p.id} ranked no challenge"
    parts = []
    for cid in p.preferences:
        c = instance.challenge_by_id[cid]
        if c.teams == 0:
            parts.append(f"{cid} offers no team")
        elif c.max_size < c.smallest_team:
            parts.append(f"{cid} has a maximum team size of {c.max_size}")
        else:
            parts.append(f"{cid}: {_langs(c.languages)}")
    if all(instance.challenge_by_id[cid].usable for cid in p.preferences):
        return (
            f"student {p.id} shares no language with any challenge they ranked "
            f"(speaks {_langs(p.languages)}; {'; '.join(parts)})"
        )
    return f"student {p.id} can join none of the challenges they ranked ({'; '.join(parts)})"


def diagnose(instance: Instance) -> list[dict]:
    """Blocking problems (``"blocking": True``) and warnings, each with its rule and a message."""
    out: list[dict] = []
    students = instance.students
    eligible: dict[str, list[Person]] = defaultdict(list)  # challenge -> people who may join
    options = {p.id: instance.options(p) for p in instance.people if p.is_student or p.is_coach}
    for p in instance.people:
        for c in options.get(p.id, []):
            eligible[c.id].append(p)

    for p in students:
        why = student_blocker(instance, p)
        if why:
            rule = "language" if "language" in why else "ranked"
            out.append({"rule": rule, "blocking": True, "people": [p.id], "message": why})

    ranked_by: dict[str, int] = defaultdict(int)
    for p in students:
        for cid in p.preferences:
            ranked_by[cid] += 1
    for c in instance.challenges:
        if c.teams == 0:
            continue
        if ranked_by[c.id] == 0:
            out.append(
                {
                    "rule": "ranked",
                    "blocking": False,
                    "challenge": c.id,
                    "message": f"nobody ranked {c.id}, so its {c.teams} team(s) cannot be formed",
                }
            )
        elif not any(q.is_student for q in eligible[c.id]):
            out.append(
                {
                    "rule": "language",
                    "blocking": False,
                    "challenge": c.id,
                    "message": f"the {ranked_by[c.id]} student(s) who ranked {c.id} speak none of its languages ({_langs(c.languages)})",
                }
            )

    for q in instance.coaches:
        opts = options.get(q.id, [])
        if q.preferences and opts and not any(eligible_student(eligible, c.id) for c in opts):
            names = ", ".join(c.id for c in opts)
            out.append(
                {
                    "rule": "coach",
                    "blocking": False,
                    "people": [q.id],
                    "message": f"coach {q.id} volunteers only for {names}, which no student can join (nobody ranked it)",
                }
            )

    # per challenge: students who can go nowhere else
    forced: dict[str, list[Person]] = defaultdict(list)
    for p in students:
        opts = options.get(p.id, [])
        if len(opts) == 1:
            forced[opts[0].id].append(p)
    for cid, group in forced.items():
        c = instance.challenge_by_id[cid]
        coaches = [q for q in eligible[cid] if q.is_coach]
        need = math.ceil(len(group) / c.max_size)
        if need > c.teams:
            out.append(
                {
                    "rule": "size",
                    "blocking": True,
                    "challenge": cid,
                    "people": [p.id for p in group],
                    "message": (
                        f"{cid} takes at most {c.teams * c.max_size} students ({c.teams} team(s) × {c.max_size}) "
                        f"but {len(group)} students can join only {cid}"
                    ),
                }
            )
        if need > len(coaches):
            out.append(
                {
                    "rule": "coach",
                    "blocking": True,
                    "challenge": cid,
                    "people": [p.id for p in group],
                    "message": (
                        f"{need} team(s) of {cid} need a coach but only {len(coaches)} coach(es) speak a "
                        f"language of {cid} ({_langs(c.languages)}) and volunteer for it"
                    ),
                }
            )
        joinable = [p for p in eligible[cid] if p.is_student]
        if len(joinable) < c.smallest_team:
            out.append(
                {
                    "rule": "size",
                    "blocking": True,
                    "challenge": cid,
                    "people": [p.id for p in group],
                    "message": f"only {len(joinable)} student(s) can join {cid}, fewer than its minimum team size {c.smallest_team}",
                }
            )
        if len({p.institution for p in eligible[cid]}) < 2:
            out.append(
                {
                    "rule": "institutions",
                    "blocking": True,
                    "challenge": cid,
                    "people": [p.id for p in group],
                    "message": f"everyone who can join {cid} is from {group[0].institution}; a team needs two institutions",
                }
            )

    placeable = [p for p in students if options.get(p.id)]
    if placeable:
        largest = max((c.max_size for c in instance.challenges if c.usable), default=1)
        need = math.ceil(len(placeable) / max(1, largest))
        coaches = [
            q
            for q in instance.coaches
            if any(eligible_student(eligible, c.id) for c in options.get(q.id, []))
        ]
        if need > len(coaches):
            out.append(
                {
                    "rule": "coach",
                    "blocking": True,
                    "message": (
                        f"at least {need} teams are needed for {len(placeable)} students (at most {largest} a team) "
                        f"but only {len(coaches)} coach(es) can coach a team"
                    ),
                }
            )
        room = sum(
            c.teams * c.max_size
            for c in instance.challenges
            if c.usable and eligible_student(eligible, c.id)
        )
        if room < len(placeable):
            out.append(
                {
                    "rule": "size",
                    "blocking": True,
                    "message": f"the challenges students can join have room for {room} students, not {len(placeable)}",
                }
            )
    return out


def eligible_student(eligible: dict[str, list[Person]], cid: str) -> bool:
    return any(p.is_student for p in eligible.get(cid, []))


def explain_unplaced(
    instance: Instance, assign: dict[str, tuple[str, int]], diagnosis: list[dict]
) -> list[dict]:
    """One entry per student left out: the rule that kept them out."""
    out = []
    by_person = defaultdict(list)
    for d in diagnosis:
        for pid in d.get("people", []):
            by_person[pid].append(d)
    for p in instance.students:
        if p.id in assign:
            continue
        known = [d for d in by_person[p.id] if d["blocking"]]
        if known:
            out.append({"person": p.id, "rule": known[0]["rule"], "message": known[0]["message"]})
            continue
        names = ", ".join(c.id for c in instance.options(p))
        out.append(
            {
                "person": p.id,
                "rule": "size/coach/institutions",
                "message": (
                    f"student {p.id} could join {names}, but no team there could take them without breaking "
                    "the size, coach or two-institution rule"
                ),
            }
        )
    return out
