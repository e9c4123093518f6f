"""Reads of the skills taxonomy: counts, search, look-ups and collections."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    IntegerField,
    Min,
    Model,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
    prefetch_related_objects,
)
from django.db.models.functions import Length
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from campus.search.query import Query, parse
from campus.search.spelling import Spelling, spelling_correct, spelling_suggestions

from .models import (
    LABEL_LANGUAGE,
    Skill,
    SkillLabel,
    normalise_label,
    preferred_labels_attr,
    reader_language,
)

# ESCO's collections, named after their files (greenSkillsCollection_en.csv -> "green").
COLLECTION_TITLES: dict[str, Promise] = {
    "green": _("Green skills"),
    "digital": _("Digital skills"),
    "digcomp": _("DigComp skills"),
    "transversal": _("Transversal skills"),
    "research": _("Research skills"),
    "language": _("Language skills"),
}

MIN_QUERY_LENGTH = 2
SEARCH_TEXT_MAX = SkillLabel._meta.get_field("search_text").max_length
# The scope of the labels' words in campus.search (services.skills_vocabulary_rebuild).
VOCABULARY = "skills"


def skill_count() -> int:
    """How many skills the campus knows."""
    return Skill.objects.count()


def collection_title(name: str) -> str:
    """The display name of an ESCO collection."""
    return str(COLLECTION_TITLES.get(name, name))


def preferred_labels_prefetch(path: str = "", language: str | None = None) -> list[Prefetch]:
    """What prefetch_related needs so that the skills at `path` ('' for skills themselves, e.g.
    'skill_needs__skill') show `display_label` without a query each: their preferred labels in
    the reader's language (nothing for English, which is Skill.label). Use as `*lookups`."""
    language = language or reader_language()
    if language == LABEL_LANGUAGE:
        return []
    return [
        Prefetch(
            f"{path}__labels" if path else "labels",
            queryset=SkillLabel.objects.filter(language=language, preferred=True).only(
                "id", "skill_id", "language", "text"
            ),
            to_attr=preferred_labels_attr(language),
        )
    ]


def skills_localize(objects: Iterable[Model], path: str = "") -> None:
    """Fetch, in one query, the reader's preferred labels of the skills at `path` of `objects`
    (a list of skills, or of rows that reach skills, e.g. path='skill' for PersonSkill)."""
    objects = list(objects)
    if lookups := preferred_labels_prefetch(path):
        prefetch_related_objects(objects, *lookups)


def _matching_labels(query: Query, languages: list[str] | None) -> QuerySet[SkillLabel]:
    labels = SkillLabel.objects.all()
    for clause in query.clauses:
        # search_text starts with a space, so this means "a word of the label starts with the
        # word" (or, for a phrase, "the label has these words in a row, the last one begun").
        either = Q()
        for term in clause:
            either |= Q(search_text__contains=" " + " ".join(term.words))
        labels = labels.filter(either)
    if languages:
        labels = labels.filter(language__in=languages)
    return labels


def _label_score(normalised: str):
    """Lower is better: exact < starts with the query < word match; preferred < alt; then shorter."""
    whole = " " + normalised
    place = Case(
        When(search_text=whole, then=Value(0)),
        When(search_text__startswith=whole, then=Value(2)),
        default=Value(4),
        output_field=IntegerField(),
    )
    alt = Case(When(preferred=True, then=Value(0)), default=Value(1), output_field=IntegerField())
    return (place + alt) * Value(1000) + Length("text")


def skills_search(
    query: str | Query, *, limit: int = 20, languages: list[str] | None = None
) -> list[Skill]:
    """Skills with a label (in any loaded language, or in `languages`) whose words start with the query's words.

    The query may hold ``OR`` and quoted phrases (``campus.search.query``); it is searched
    as it is written (``skills_find`` corrects typos).

    Best first: exact label, then label starting with the query, then preferred before alternative
    labels, then shorter labels. Each skill appears once and carries `matched_label` (the text that
    matched when it is not the skill's preferred label, else None) and `matched_language`.
    Three queries, whatever the number of results (a fourth brings the preferred labels in the
    reader's language, when it is not English).
    """
    parsed = parse(query)
    normalised = " ".join(parsed.words())
    if len(normalised) < MIN_QUERY_LENGTH or limit < 1:
        return []
    labels = _matching_labels(parsed, languages)
    score = _label_score(normalised)
    best = list(
        labels.values("skill_id", "skill__label")
        .annotate(best=Min(score))
        .order_by("best", "skill__label", "skill_id")[:limit]
    )
    if not best:
        return []
    ids = [row["skill_id"] for row in best]
    best_score = {row["skill_id"]: row["best"] for row in best}
    matched: dict[int, tuple[str, str]] = {}
    rows = (
        labels.filter(skill_id__in=ids)
        .annotate(score=score)
        .order_by("skill_id", "score", "text")
        .values_list("skill_id", "score", "text", "language")
    )
    for skill_id, label_score, text, language in rows:
        if skill_id not in matched and label_score == best_score[skill_id]:
            matched[skill_id] = (text, language)
    skills = Skill.objects.select_related("broader").in_bulk(ids)
    results = []
    for pk in ids:
        skill = skills[pk]
        text, language = matched.get(pk, (skill.label, ""))
        skill.matched_label = text if text != skill.label else None
        skill.matched_language = language
        results.append(skill)
    skills_localize(results)  # their display_label, in one query
    return results


MAX_CHOICES = 8


@dataclass
class SkillMatch:
    """What a typed skill name stands for: one skill, several candidates (best first), or none."""

    text: str
    skill: Skill | None = None
    choices: list[Skill] = field(default_factory=list)
    exact: bool = False  # the text is the skill's URI or a whole label (of each candidate)

    @property
    def ambiguous(self) -> bool:
        return self.skill is None and bool(self.choices)

    @property
    def uris(self) -> list[str]:
        """The skill's URI, or the candidates' URIs; empty when nothing matched."""
        return [self.skill.uri] if self.skill else [s.uri for s in self.choices]


def skill_resolve(
    text: str, *, language: str | None = None, limit: int = MAX_CHOICES
) -> SkillMatch:
    """The skill a person means by `text`: an ESCO URI, or any preferred or alternative label
    (case and accents ignored) in the reader's language first, then English, then any other.

    Where the exact label belongs to several skills, a preferred label wins over alternative
    ones; if that leaves several, they are the candidates. Text that is no whole label gives the
    skills whose labels it begins (skills_search): one is the skill, more are the candidates.
    The skills come with their preferred labels in the reader's language.
    """
    text = " ".join((text or "").split())
    match = SkillMatch(text)
    language = language or reader_language()
    if text.startswith(("http://", "https://")):
        match.skill = Skill.objects.filter(uri=text).first()
        match.exact = True
    elif normalised := normalise_label(text):
        order = list(dict.fromkeys([language, LABEL_LANGUAGE]))
        exact: dict[int, list[tuple[int, bool]]] = {}  # tier -> (skill id, preferred)
        for skill_id, label_language, preferred in (
            SkillLabel.objects.filter(search_text=(" " + normalised)[:SEARCH_TEXT_MAX])
            .values_list("skill_id", "language", "preferred")
            .order_by()
        ):
            tier = order.index(label_language) if label_language in order else len(order)
            exact.setdefault(tier, []).append((skill_id, preferred))
        if exact:
            match.exact = True
            rows = exact[min(exact)]
            ids = list(dict.fromkeys(pk for pk, _preferred in rows))
            named = list(dict.fromkeys(pk for pk, preferred in rows if preferred))
            if len(named) == 1 or len(ids) == 1:
                match.skill = Skill.objects.get(pk=(named or ids)[0])
            else:
                candidates = list(Skill.objects.in_bulk(ids).values())
                skills_localize(candidates)
                match.choices = sorted(
                    candidates, key=lambda s: (s.pk not in named, s.display_label, s.pk)
                )[:limit]
        else:
            found = skills_search(text, limit=limit)
            if len(found) == 1:
                match.skill = found[0]
            else:
                match.choices = found
    skills_localize([*match.choices, *([match.skill] if match.skill else [])])
    return match


@dataclass
class SkillSearch:
    """The skills found for a query, what was searched, and near queries when none was."""

    skills: list[Skill]
    spelling: Spelling | None = None  # when the query's misspelt words were corrected
    suggestions: list[str] = field(default_factory=list)


def skills_find(query: str, *, limit: int = 20, languages: list[str] | None = None) -> SkillSearch:
    """The skills finder: ``skills_search`` with the query's misspelt words corrected against
    every label's words ("enrgy" -> "energy"), and near queries when nothing is found."""
    spelling = spelling_correct(VOCABULARY, query)
    skills = skills_search(spelling.query, limit=limit, languages=languages)
    if skills:
        return SkillSearch(skills, spelling if spelling.corrected else None)
    return SkillSearch([], None, spelling_suggestions(VOCABULARY, spelling.original))


def skill_by_uri(uri: str) -> Skill | None:
    """One skill with its broader skill, narrower skills and labels (by language, preferred first)."""
    if not uri:
        return None
    return (
        Skill.objects.select_related("broader")
        .prefetch_related(
            Prefetch(
                "labels", queryset=SkillLabel.objects.order_by("language", "-preferred", "text")
            ),
            Prefetch(
                "narrower",
                queryset=Skill.objects.order_by("label").prefetch_related(
                    *preferred_labels_prefetch()
                ),
            ),
        )
        .filter(uri=uri)
        .first()
    )


def skills_by_uris(uris: Iterable[str]) -> list[Skill]:
    """The known skills among `uris`, in the order given (unknown URIs are left out)."""
    uris = list(dict.fromkeys(u for u in uris if u))
    if not uris:
        return []
    found = {s.uri: s for s in Skill.objects.select_related("broader").filter(uri__in=uris)}
    skills = [found[u] for u in uris if u in found]
    skills_localize(skills)
    return skills


@dataclass
class CollectionSummary:
    name: str
    title: str
    count: int
    examples: list[Skill] = field(default_factory=list)


def skill_collections(*, examples: int = 4) -> list[CollectionSummary]:
    """ESCO collections with their skill counts and a few example skills (the shortest labels)."""
    # Collections are a JSON list; counting in Python keeps this portable between SQLite and PostgreSQL.
    counts: Counter[str] = Counter()
    picks: dict[str, list[tuple[int, str, int]]] = {}
    for pk, label, collections in Skill.objects.values_list(
        "id", "label", "collections"
    ).order_by():
        for name in collections or ():
            counts[name] += 1
            picks.setdefault(name, []).append((len(label), label, pk))
    chosen = {name: [pk for *_key, pk in sorted(rows)[:examples]] for name, rows in picks.items()}
    skills = Skill.objects.in_bulk([pk for pks in chosen.values() for pk in pks])
    skills_localize(skills.values())
    known = list(COLLECTION_TITLES)
    order = sorted(counts, key=lambda n: (known.index(n) if n in known else len(known), n))
    return [
        CollectionSummary(
            name=name,
            title=collection_title(name),
            count=counts[name],
            examples=[skills[pk] for pk in chosen[name]],
        )
        for name in order
    ]


def collection_skills_page(name: str, *, page: int | str = 1, per_page: int = 50) -> Page:
    """One page of the skills of a collection, ordered by label."""
    ids = [
        pk
        for pk, collections in Skill.objects.order_by("label", "id").values_list(
            "id", "collections"
        )
        if name in (collections or ())
    ]
    paged = Paginator(ids, per_page).get_page(page)
    found = Skill.objects.in_bulk(list(paged.object_list))
    paged.object_list = [found[pk] for pk in paged.object_list]
    skills_localize(paged.object_list)
    return paged
