"""A small complementary group of experts for a set of needed skills: plain Python.

Why not the team-formation engine (campus.challenges.teamforming): it forms teams of
students around their ranked preferences, with coaches added; here there are no students and
no preferences, only candidates who each cover some of the needed skills, and the question
"which few people together cover the most". That is weighted maximum coverage, for which the
greedy choice (each time the candidate who adds the most uncovered weight) is the classic
answer, within (1 - 1/e) of the best group of the same size. Two rules are added: the group
has people from at least two institutions (the last seat goes to another institution when
all so far share one), and a candidate who adds nothing is not taken, except to bring in a
second institution, or to start a group when nobody holds a needed skill (then the group is
the best ranked for the challenge's words, from two institutions).
"""

from __future__ import annotations

from dataclasses import dataclass, field

# How much of a needed skill a held skill covers (the finder's relation of the two).
COVER = {"exact": 1.0, "narrower": 0.6, "broader": 0.5, "related": 0.3}


@dataclass(frozen=True)
class Candidate:
    id: int
    institution: str
    score: float  # the finder's score, to break ties
    covers: dict[str, tuple[float, str]]  # needed skill -> (credit, the held skill's uri)


@dataclass
class Member:
    candidate: Candidate
    adds: dict[str, float] = field(default_factory=dict)  # needed skill -> credit it adds
    for_institution: bool = False  # taken to bring in a second institution


@dataclass
class Group:
    members: list[Member]
    covered: dict[str, float]  # needed skill -> best credit in the group
    coverage: float  # covered weight / needed weight, in [0, 1]


def group_propose(
    candidates: list[Candidate],
    needs: dict[str, float],
    *,
    size: int = 4,
    present: frozenset[str] = frozenset(),
) -> Group:
    """At most ``size`` candidates who together cover the most of ``needs`` (skill -> weight),
    from at least two institutions when the candidates allow it. ``present``: the institutions
    of the people the group joins (an agenda's members), which count towards the two."""
    total = sum(w for w in needs.values() if w > 0) or 1.0
    covered = dict.fromkeys(needs, 0.0)
    members: list[Member] = []
    left = list(candidates)

    def institutions_of_group() -> set[str]:
        return {m.candidate.institution for m in members} | set(present)

    def gain(c: Candidate) -> dict[str, float]:
        adds = {}
        for uri, (credit, _held) in c.covers.items():
            if uri in needs and credit > covered[uri]:
                adds[uri] = credit - covered[uri]
        return adds

    def weight(adds: dict[str, float]) -> float:
        return sum(needs[uri] * value for uri, value in adds.items())

    while left and len(members) < size:
        institutions = institutions_of_group()
        pool = left
        last_seat = len(members) == size - 1
        if last_seat and len(institutions) == 1:
            pool = [c for c in left if c.institution not in institutions] or left
        scored = [(weight(gain(c)), c.score, -i, c) for i, c in enumerate(pool)]
        best_weight, _score, _order, best = max(scored, key=lambda t: t[:3])
        for_institution = False
        if best_weight <= 0 and not members:
            # Nobody holds a needed skill: the group starts from the best ranked for the words.
            best = max(pool, key=lambda c: c.score)
        elif best_weight <= 0:
            if len(institutions) >= 2:
                break
            others = [c for c in left if c.institution not in institutions]
            if not others:
                break
            best = max(others, key=lambda c: (weight(gain(c)), c.score))
            for_institution = True
        adds = gain(best)
        for uri, value in adds.items():
            covered[uri] += value
        members.append(Member(candidate=best, adds=adds, for_institution=for_institution))
        left.remove(best)
        everything = all(covered[u] >= 1.0 for u in needs)
        if everything and len(institutions_of_group()) >= 2:
            break
    # Covered everything with one institution: bring in the best of another.
    if members and len(members) < size and len(institutions_of_group()) < 2:
        institutions = institutions_of_group()
        others = [c for c in left if c.institution not in institutions]
        if others:
            best = max(others, key=lambda c: (weight(gain(c)), c.score))
            adds = gain(best)
            for uri, value in adds.items():
                covered[uri] += value
            members.append(Member(candidate=best, adds=adds, for_institution=not adds))
    coverage = sum(needs[u] * min(1.0, covered[u]) for u in needs if needs[u] > 0) / total
    return Group(members=members, covered=covered, coverage=round(coverage, 4))
