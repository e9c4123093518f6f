"""Experts for a challenge, and a complementary group of them, as the reader may see both."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from campus.challenges import selectors as challenges
from campus.challenges.models import Challenge
from campus.research.expert_search import (
    MAX_QUERY_LENGTH,
    Criteria,
    Found,
    experts_search,
    skill_label,
)

from .group import COVER, Candidate, Group, group_propose

CANDIDATES = 40  # the best ranked experts the group is drawn from
GROUP_SIZE = 4


def challenge_for(user, pk: int) -> Challenge | None:
    """The challenge, when ``user`` may see it (a draft stays with those concerned)."""
    try:
        challenge = challenges.challenge_detail(pk)
    except Challenge.DoesNotExist:
        return None
    return challenge if challenges.challenge_visible_to(challenge, user) else None


@dataclass
class ChallengeMatch:
    challenge: Challenge
    found: Found  # the ranked experts
    needs: list[dict]  # uri, label, weight: the skills the group is to cover
    group: dict  # members (with what each brings), institutions, coverage, sentences


def _quoted(labels) -> str:
    return ", ".join(f"“{label}”" for label in labels)


def _group_view(group: Group, needs: dict[str, float], hits: dict[int, dict]) -> dict:
    members = []
    for member in group.members:
        hit = hits[member.candidate.id]
        covers = [
            {
                "uri": uri,
                "label": skill_label(uri),
                "held_uri": member.candidate.covers[uri][1],
                "held_label": skill_label(member.candidate.covers[uri][1]),
                "credit": round(member.candidate.covers[uri][0], 2),
                "new": uri in member.adds,
            }
            for uri in needs
            if uri in member.candidate.covers
        ]
        sentences = []
        new = [c["label"] for c in covers if c["new"]]
        also = [c["label"] for c in covers if not c["new"]]
        if new:
            sentences.append(_("Brings %(skills)s to the group.") % {"skills": _quoted(new)})
        if also:
            sentences.append(_("Also holds %(skills)s.") % {"skills": _quoted(also)})
        if member.for_institution:
            sentences.append(
                _("Chosen to bring a second institution (%(institution)s) into the group.")
                % {"institution": hit["institution_name"]}
            )
        if not sentences:
            sentences.append(_("Matches the challenge's words (see the explanation above)."))
        members.append({**hit, "covers": covers, "group_sentences": sentences})
    uncovered = [skill_label(uri) for uri, value in group.covered.items() if value <= 0]
    summary = [
        _("Together they cover %(share)s%% of the needed skills, from %(count)s institutions.")
        % {
            "share": round(group.coverage * 100),
            "count": len({m["institution"] for m in members}),
        }
    ]
    if uncovered:
        summary.append(_("Nobody found covers %(skills)s.") % {"skills": _quoted(uncovered[:8])})
    return {
        "members": members,
        "institutions": sorted({m["institution"] for m in members}),
        "coverage": group.coverage,
        "sentences": summary,
    }


def experts_for_challenge(user, challenge: Challenge, *, limit: int = 10) -> ChallengeMatch:
    """The experts ``user`` may see, ranked for the challenge's words and ESCO skills, and a
    group of at most four of them that covers the most of its skills (weighted as the
    challenge weighs them) with people from at least two institutions."""
    needs_rows = list(challenge.skill_needs.all())
    text = f"{challenge.title}. {challenge.problem}"[:MAX_QUERY_LENGTH]
    criteria = Criteria(text=text, skills=tuple(n.skill.uri for n in needs_rows))
    ranked = experts_search(user, criteria, limit=max(limit, CANDIDATES))
    needs = {n.skill.uri: float(n.weight) for n in needs_rows if n.weight > 0}
    if not needs:  # no skills given: cover those the words name
        needs = {q["uri"]: q["weight"] for q in ranked.query_skills[:8]}
    hits = {item["id"]: item for item in ranked.items}
    candidates = []
    for item in ranked.items:
        covers: dict[str, tuple[float, str]] = {}
        for evidence in item["explanation"]["skills"]:
            credit = COVER.get(evidence["relation"], 0.0)
            need = evidence["query_uri"]
            if need in needs and credit > covers.get(need, (0.0, ""))[0]:
                covers[need] = (credit, evidence["uri"])
        candidates.append(
            Candidate(
                id=item["id"], institution=item["institution"], score=item["score"], covers=covers
            )
        )
    group = group_propose(candidates, needs, size=GROUP_SIZE)
    shown = Found(
        items=ranked.items[:limit],
        count=ranked.count,
        query_skills=ranked.query_skills,
        unknown_skills=ranked.unknown_skills,
    )
    return ChallengeMatch(
        challenge=challenge,
        found=shown,
        needs=[{"uri": uri, "label": skill_label(uri), "weight": w} for uri, w in needs.items()],
        group=_group_view(group, needs, hits),
    )
