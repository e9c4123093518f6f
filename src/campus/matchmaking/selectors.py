"""Experts for a challenge or a research agenda, and a complementary group of them, as the
reader may see them.

Both go the same way (``_match``): the needs (ESCO skill -> weight) and the words are put to
the expert finder, whose ranked experts become the candidates of ``group.group_propose``.

- A challenge needs the skills it names, weighted as it weighs them (0-10, default 1); its
  words are its title and problem.
- An agenda needs the skills of its linked challenges (those the reader may see, each weighted
  as its challenge weighs it, summed when several challenges name it) plus the skills of its
  topics: a topic names no skill itself, so it stands for the skills most of its experts hold
  (``research.selectors.topic_skill_shares``: at most five per topic, each weighted by the
  share of the topic's visible experts who hold it, so at most 1, the weight of one plainly
  needed challenge skill), summed with the challenges' weight; at most ``NEEDS_MOST``, the
  heaviest. Its words are its title and aims, and its topics are asked for too. Its current
  members are no candidates. The group is to bring the agenda people from at least two
  institutions counting the members' institutions: the agenda is the group that will work
  together, so a group of newcomers from one other institution already makes it
  cross-institutional, and an agenda whose members come from two institutions lets the
  group cover the most skills wherever its people work.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from campus.challenges import selectors as challenges
from campus.challenges.models import Challenge, ChallengeSkill
from campus.research import selectors as research
from campus.research.expert_search import (
    MAX_QUERY_LENGTH,
    Criteria,
    Found,
    experts_search,
    skill_label,
)
from campus.research.models import ResearchAgenda

from .group import COVER, Candidate, Group, group_propose

CANDIDATES = 40  # the best ranked experts the group is drawn from
GROUP_SIZE = 4
NEEDS_MOST = 12  # an agenda's heaviest needs the group is to cover
ID_LARGEST = 2**63 - 1  # an agenda may name any id; the database holds no larger one


def challenge_for(user, pk: int) -> Challenge | None:
    """The challenge, when ``user`` may see it (a draft stays with those concerned)."""
    try:
        challenge = challenges.challenge_detail(pk)
    except Challenge.DoesNotExist:
        return None
    return challenge if challenges.challenge_visible_to(challenge, user) else None


def agenda_for(pk: int) -> ResearchAgenda | None:
    """The agenda (every agenda is public: its page is open to everyone), or None."""
    return research.agenda_detail(pk)


@dataclass
class Match:
    found: Found  # the ranked experts
    needs: list[dict]  # uri, label, weight, sources: the skills the group is to cover
    group: dict  # members (with what each brings), institutions, coverage, sentences


def _quoted(labels) -> str:
    return ", ".join(f"“{label}”" for label in labels)


def _group_view(
    group: Group,
    needs: dict[str, float],
    hits: dict[int, dict],
    *,
    present: frozenset[str],
    words_sentence: str,
) -> dict:
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
            sentences.append(words_sentence)
        members.append({**hit, "covers": covers, "group_sentences": sentences})
    uncovered = [skill_label(uri) for uri, value in group.covered.items() if value <= 0]
    institutions = {m["institution"] for m in members}
    summary = [
        _("Together they cover %(share)s%% of the needed skills, from %(count)s institutions.")
        % {"share": round(group.coverage * 100), "count": len(institutions)}
    ]
    if present:
        summary.append(
            _("With its members, the agenda would have people from %(count)s institutions.")
            % {"count": len(institutions | present)}
        )
    if uncovered:
        summary.append(_("Nobody found covers %(skills)s.") % {"skills": _quoted(uncovered[:8])})
    return {
        "members": members,
        "institutions": sorted(institutions),
        "coverage": group.coverage,
        "sentences": summary,
    }


def _match(
    user,
    criteria: Criteria,
    needs: dict[str, float],
    *,
    limit: int,
    present: frozenset[str] = frozenset(),
    words_sentence: str,
) -> tuple[Found, dict[str, float], dict]:
    """The finder's experts for ``criteria`` (a page of ``limit``), the needs the group covers
    (those given, else the skills the words name) and the group, shown."""
    ranked = experts_search(user, criteria, limit=max(limit, CANDIDATES))
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
    group = group_propose(candidates, needs, size=GROUP_SIZE, present=present)
    shown = Found(
        items=ranked.items[:limit],
        count=ranked.count,
        query_skills=ranked.query_skills,
        unknown_skills=ranked.unknown_skills,
    )
    view = _group_view(group, needs, hits, present=present, words_sentence=words_sentence)
    return shown, needs, view


def _needs_view(needs: dict[str, float], sources: dict[str, list[str]] | None = None) -> list:
    sources = sources or {}
    return [
        {"uri": uri, "label": skill_label(uri), "weight": w, "sources": sources.get(uri, [])}
        for uri, w in needs.items()
    ]


@dataclass
class ChallengeMatch(Match):
    challenge: Challenge | None = None


def experts_for_challenge(user, challenge: Challenge, *, limit: int = 10) -> ChallengeMatch:
    """The experts ``user`` may see, ranked for the challenge's words and ESCO skills, and a
    group of at most four of them that covers the most of its skills (weighted as the
    challenge weighs them) with people from at least two institutions."""
    needs_rows = list(challenge.skill_needs.all())
    text = f"{challenge.title}. {challenge.problem}"[:MAX_QUERY_LENGTH]
    criteria = Criteria(text=text, skills=tuple(n.skill.uri for n in needs_rows))
    needs = {n.skill.uri: float(n.weight) for n in needs_rows if n.weight > 0}
    found, needs, group = _match(
        user,
        criteria,
        needs,
        limit=limit,
        words_sentence=_("Matches the challenge's words (see the explanation above)."),
    )
    return ChallengeMatch(found=found, needs=_needs_view(needs), group=group, challenge=challenge)


@dataclass
class AgendaMatch(Match):
    agenda: ResearchAgenda | None = None
    challenges: list[Challenge] = field(default_factory=list)  # the linked ones the reader sees


def _where(person) -> str:
    if person.institution_id:
        return person.institution.code
    return person.organisation.name if person.organisation_id else ""


def agenda_needs(user, agenda: ResearchAgenda) -> tuple[dict, dict, list[Challenge]]:
    """The skills an agenda needs (uri -> weight, heaviest first, at most ``NEEDS_MOST``),
    where each need comes from (uri -> sentences in the reader's language) and the linked
    challenges ``user`` may see. See the module's docstring for the weights."""
    ids = [i for i in agenda.challenge_ids if isinstance(i, int) and 0 < i <= ID_LARGEST]
    linked = [
        c
        for c in Challenge.objects.filter(pk__in=ids).order_by("pk")
        if challenges.challenge_visible_to(c, user)
    ]
    needs: dict[str, float] = {}
    sources: dict[str, list[str]] = {}
    for need in (
        ChallengeSkill.objects.filter(challenge__in=linked, weight__gt=0)
        .select_related("skill", "challenge")
        .order_by("challenge_id", "-weight", "skill__uri")
    ):
        uri = need.skill.uri
        needs[uri] = needs.get(uri, 0.0) + float(need.weight)
        sources.setdefault(uri, []).append(
            _("the challenge “%(title)s”") % {"title": need.challenge.title}
        )
    topics = list(agenda.topics.all())
    shares = research.topic_skill_shares([t.slug for t in topics], user)
    for topic in topics:
        for uri, share in shares.get(topic.slug, []):
            needs[uri] = round(needs.get(uri, 0.0) + share, 4)
            sources.setdefault(uri, []).append(
                _("the topic “%(topic)s” (%(share)s%% of its experts)")
                % {"topic": topic.name, "share": round(share * 100)}
            )
    heaviest = sorted(needs.items(), key=lambda item: -item[1])[:NEEDS_MOST]
    return dict(heaviest), sources, linked


def experts_for_agenda(user, agenda: ResearchAgenda, *, limit: int = 10) -> AgendaMatch:
    """The experts ``user`` may see who are not yet members of the agenda, ranked for its
    words, topics and needed skills (``agenda_needs``), and a group of at most four of them
    that covers the most of those skills and gives the agenda people from at least two
    institutions (its members' institutions count)."""
    needs, sources, linked = agenda_needs(user, agenda)
    members = list(agenda.members.select_related("person__institution", "person__organisation"))
    present = frozenset(filter(None, (_where(m.person) for m in members)))
    criteria = Criteria(
        text=f"{agenda.title}. {agenda.aims}"[:MAX_QUERY_LENGTH],
        skills=tuple(needs),
        topics=tuple(t.slug for t in agenda.topics.all()),
        exclude_people=frozenset(m.person_id for m in members),
    )
    found, needs, group = _match(
        user,
        criteria,
        needs,
        limit=limit,
        present=present,
        words_sentence=_("Matches the agenda's words or topics (see the explanation above)."),
    )
    return AgendaMatch(
        found=found,
        needs=_needs_view(needs, sources),
        group=group,
        agenda=agenda,
        challenges=linked,
    )
