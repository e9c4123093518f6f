"""Writes to the skills taxonomy: loading ESCO's CSV files and the shipped label supplement."""

from __future__ import annotations

import csv
import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from campus.search.vocabulary import vocabulary_replace

from .models import Skill, SkillKind, SkillLabel, normalise_label
from .selectors import VOCABULARY

ESCO_DIR = Path(__file__).resolve().parent / "data" / "esco"
# Labels in other languages for the extract's skills, from other ESCO copies (its README.md).
SHIPPED_LABELS = ESCO_DIR / "labels" / "skill_labels.csv"

# "greenSkillsCollection_en.csv" -> collection "green", language "en"; "skills_de.csv" -> no collection.
_SKILL_FILE = re.compile(
    r"^(?:(?P<collection>[A-Za-z0-9]+)Collection|skills)_(?P<lang>[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,4})?)\.csv$"
)
# The full download states hierarchy in a separate file, not in a broaderConceptUri column.
_BROADER_FILE = re.compile(r"^broaderRelationsSkillPillar(?:_[A-Za-z-]+)?\.csv$")
_LIST_SEPARATOR = re.compile(r"\s*\n\s*|\s+\|\s+")
_SKILL_CONCEPT = "KnowledgeSkillCompetence"
_BATCH = 500

LABEL_MAX = SkillLabel._meta.get_field("text").max_length
SKILL_LABEL_MAX = Skill._meta.get_field("label").max_length
SEARCH_TEXT_MAX = SkillLabel._meta.get_field("search_text").max_length


class EscoLoadError(ValueError):
    """The folder or one of its files cannot be read as ESCO skills; nothing was changed."""


@dataclass
class LoadReport:
    """What a load read and changed."""

    folder: Path
    files: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    collections: list[str] = field(default_factory=list)
    rows_skipped: int = 0
    skills_created: int = 0
    skills_updated: int = 0
    skills_unchanged: int = 0
    labels_created: int = 0
    labels_updated: int = 0
    labels_deleted: int = 0
    skills_total: int = 0
    labels_total: int = 0
    supplement: str = ""  # the file of supplementary labels read, if any
    supplement_filled: int = 0  # (skill, language) pairs given the supplement's labels
    supplement_official: int = 0  # pairs left alone: an official ESCO file labels them
    supplement_unknown: int = 0  # pairs of skills the campus does not have
    seconds: float = 0.0

    def lines(self) -> list[str]:
        supplement = (
            [
                f"Supplementary labels from {self.supplement}: {self.supplement_filled} skill "
                f"languages filled, {self.supplement_official} left to official ESCO files, "
                f"{self.supplement_unknown} for skills not loaded."
            ]
            if self.supplement
            else []
        )
        return [
            f"Read {len(self.files)} files from {self.folder} "
            f"(languages: {', '.join(self.languages)}; collections: {', '.join(self.collections) or '-'}).",
            f"Skills: {self.skills_created} created, {self.skills_updated} updated, "
            f"{self.skills_unchanged} unchanged; {self.skills_total} in total.",
            f"Labels: {self.labels_created} created, {self.labels_updated} updated, "
            f"{self.labels_deleted} removed; {self.labels_total} in total.",
            *supplement,
            f"Rows skipped (no URI or not a skill): {self.rows_skipped}. Took {self.seconds:.2f} s.",
        ]


@dataclass
class _Concept:
    """One skill as the files of this load describe it, across languages and collections."""

    uri: str
    kind: str = ""
    reuse_level: str = ""
    preferred: dict[str, str] = field(default_factory=dict)  # language -> preferred label
    descriptions: dict[str, str] = field(default_factory=dict)
    labels: dict[str, dict[str, bool]] = field(
        default_factory=dict
    )  # language -> text -> preferred
    collections: set[str] = field(default_factory=set)
    broader: list[str] = field(default_factory=list)
    states_broader: bool = False  # False: the files said nothing about its broader skill


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in _LIST_SEPARATOR.split(value or "") if part.strip()]


def _add_labels(texts: dict[str, bool], row: dict[str, str]) -> str:
    """Add the row's preferred label (returned) and alternative labels to `texts` (text -> preferred)."""
    preferred = " ".join((row.get("preferredLabel") or "").split())[:LABEL_MAX]
    if preferred:
        texts[preferred] = True
    for alt in _split(row.get("altLabels")):
        texts.setdefault(" ".join(alt.split())[:LABEL_MAX], False)
    return preferred


def _kind(reuse_level: str, skill_type: str) -> str:
    if reuse_level == "transversal":
        return SkillKind.TRANSVERSAL
    if skill_type == "knowledge":
        return SkillKind.KNOWLEDGE
    return SkillKind.SKILL


def _collection_name(stem: str) -> str:
    """'greenSkills' -> 'green', 'digCompSkills' -> 'digcomp'."""
    name = stem[: -len("Skills")] if stem.endswith("Skills") and stem != "Skills" else stem
    return name.lower()


def _rows(path: Path, required: str) -> Iterator[dict[str, str]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            columns = reader.fieldnames or []
            if required not in columns:
                shown = ", ".join(columns[:12]) or "none"
                raise EscoLoadError(
                    f"{path.name} has no '{required}' column (columns: {shown}); "
                    "is it an ESCO CSV file from the download package?"
                )
            yield from reader
    except UnicodeDecodeError as exc:
        raise EscoLoadError(f"{path.name} is not UTF-8 text: {exc}") from exc
    except csv.Error as exc:
        raise EscoLoadError(f"{path.name} is not valid CSV: {exc}") from exc


def _read_folder(folder: Path, report: LoadReport) -> tuple[dict[str, _Concept], set[str]]:
    """Read every skill file of the folder into concepts; raise EscoLoadError before any write."""
    if not folder.is_dir():
        raise EscoLoadError(f"ESCO folder not found: {folder}")
    skill_files = sorted(p for p in folder.iterdir() if _SKILL_FILE.match(p.name))
    if not skill_files:
        raise EscoLoadError(
            f"No ESCO skill files in {folder}: expected *Collection_<lang>.csv or skills_<lang>.csv."
        )
    concepts: dict[str, _Concept] = {}
    loaded_collections: set[str] = set()
    languages: set[str] = set()
    for path in skill_files:
        match = _SKILL_FILE.match(path.name)
        assert match is not None
        language = match["lang"].lower()
        collection = _collection_name(match["collection"]) if match["collection"] else None
        languages.add(language)
        if collection:
            loaded_collections.add(collection)
        report.files.append(path.name)
        for row in _rows(path, "conceptUri"):
            uri = (row.get("conceptUri") or "").strip()
            concept_type = (row.get("conceptType") or "").strip()
            if not uri or (concept_type and concept_type != _SKILL_CONCEPT):
                report.rows_skipped += 1  # e.g. the occupations of researchOccupationsCollection
                continue
            concept = concepts.get(uri) or concepts.setdefault(uri, _Concept(uri))
            reuse_level = (row.get("reuseLevel") or "").strip()
            skill_type = (row.get("skillType") or "").strip()
            if reuse_level or skill_type:
                concept.kind = _kind(reuse_level, skill_type)
                concept.reuse_level = reuse_level or concept.reuse_level
            preferred = _add_labels(concept.labels.setdefault(language, {}), row)
            if preferred:
                concept.preferred.setdefault(language, preferred)
            description = (row.get("description") or "").strip()
            if description:
                concept.descriptions.setdefault(language, description)
            if collection:
                concept.collections.add(collection)
            if "broaderConceptUri" in row:
                concept.states_broader = True
                concept.broader.extend(_split(row["broaderConceptUri"]))
    for path in sorted(p for p in folder.iterdir() if _BROADER_FILE.match(p.name)):
        report.files.append(path.name)
        for row in _rows(path, "conceptUri"):
            concept = concepts.get((row.get("conceptUri") or "").strip())
            if concept is not None and (row.get("broaderUri") or "").strip():
                concept.states_broader = True
                concept.broader.append(row["broaderUri"].strip())
    report.languages = sorted(languages)
    report.collections = sorted(loaded_collections)
    return concepts, loaded_collections


# (ESCO URI, language) -> (text -> preferred, source key)
Supplement = dict[tuple[str, str], tuple[dict[str, bool], str]]


def _read_supplement(path: Path, report: LoadReport) -> Supplement:
    """Read a supplementary label file (data/esco/labels/README.md); raise EscoLoadError before any write."""
    if not path.is_file():
        raise EscoLoadError(f"Label file not found: {path}")
    supplement: Supplement = {}
    for row in _rows(path, "conceptUri"):
        uri = (row.get("conceptUri") or "").strip()
        language = (row.get("language") or "").strip().lower()
        if not uri or not language:
            report.rows_skipped += 1
            continue
        texts, _source = supplement.setdefault(
            (uri, language), ({}, (row.get("source") or "").strip()[:40] or "supplement")
        )
        _add_labels(texts, row)
    report.supplement = path.name
    return supplement


def _chunks(items: list, size: int = _BATCH) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _first(values: dict[str, str], prefer: str = "en") -> str:
    return values.get(prefer) or next(iter(values.values()), "")


def esco_load(folder: Path | None = None, *, labels: Path | None = None) -> LoadReport:
    """Create or update skills and their labels from an ESCO CSV folder and, optionally, a file of
    supplementary labels (default: the shipped extract and its nl/de/sv/fi labels).

    Idempotent: the skills are keyed by URI; for every skill and language in the files, the
    labels become exactly those of the files, and a collection whose file is loaded lists exactly
    the skills in that file. Skills absent from the files are left alone. Supplementary labels
    only fill gaps: they never create a skill, and a skill's language that has labels from an
    official ESCO file keeps those.
    """
    started = time.perf_counter()
    if folder is None:
        folder, labels = ESCO_DIR, labels or SHIPPED_LABELS
    folder = Path(folder)
    report = LoadReport(folder=folder)
    concepts, loaded_collections = _read_folder(folder, report)
    supplement = _read_supplement(Path(labels), report) if labels is not None else {}

    with transaction.atomic():
        existing = {
            skill.uri: skill
            for skill in Skill.objects.only(
                "id", "uri", "label", "kind", "reuse_level", "description", "collections"
            ).order_by()
        }
        to_create: list[Skill] = []
        to_update: list[Skill] = []
        for uri, concept in concepts.items():
            skill = existing.get(uri)
            label = concept.preferred.get("en") or (skill.label if skill else "")
            label = (label or _first(concept.preferred) or uri)[:SKILL_LABEL_MAX]
            description = concept.descriptions.get("en") or (skill.description if skill else "")
            description = description or _first(concept.descriptions)
            kind = concept.kind or (skill.kind if skill else SkillKind.SKILL)
            reuse_level = concept.reuse_level or (skill.reuse_level if skill else "")
            kept = set(skill.collections) - loaded_collections if skill else set()
            collections = sorted(kept | concept.collections)
            if skill is None:
                to_create.append(
                    Skill(
                        uri=uri,
                        label=label,
                        kind=kind,
                        reuse_level=reuse_level,
                        description=description,
                        collections=collections,
                    )
                )
                continue
            values = (label, kind, reuse_level, description, collections)
            if values != (
                skill.label,
                skill.kind,
                skill.reuse_level,
                skill.description,
                list(skill.collections),
            ):
                skill.label, skill.kind, skill.reuse_level, skill.description = values[:4]
                skill.collections = collections
                to_update.append(skill)
            else:
                report.skills_unchanged += 1
        # A skill that left a loaded collection's file leaves the collection.
        for uri, skill in existing.items():
            if uri not in concepts and set(skill.collections) & loaded_collections:
                skill.collections = sorted(set(skill.collections) - loaded_collections)
                to_update.append(skill)
        Skill.objects.bulk_create(to_create, batch_size=_BATCH)
        Skill.objects.bulk_update(
            to_update,
            ["label", "kind", "reuse_level", "description", "collections"],
            batch_size=_BATCH,
        )
        report.skills_created = len(to_create)
        report.skills_updated = len(to_update)

        # Second pass: the broader skill is the first stated broader concept that is a loaded skill
        # (most of ESCO's broader concepts are skill groups, which are not skills here).
        ids: dict[str, int] = {}
        current_broader: dict[int, int | None] = {}
        for uri, pk, broader_id in Skill.objects.values_list("uri", "id", "broader_id").order_by():
            ids[uri] = pk
            current_broader[pk] = broader_id
        broader_changes = []
        for uri, concept in concepts.items():
            if not concept.states_broader:
                continue
            pk = ids[uri]
            broader_id = next((ids[b] for b in concept.broader if b in ids and b != uri), None)
            if current_broader[pk] != broader_id:
                broader_changes.append(Skill(id=pk, broader_id=broader_id))
        Skill.objects.bulk_update(broader_changes, ["broader"], batch_size=_BATCH)

        _labels_sync(concepts, supplement, ids, report)
        skills_vocabulary_rebuild()
        report.skills_total = Skill.objects.count()
        report.labels_total = SkillLabel.objects.count()
    report.seconds = time.perf_counter() - started
    return report


def skills_vocabulary_rebuild() -> int:
    """Make the skills finder's vocabulary the words of every label, in every language (after
    each load of labels, and by search_index_rebuild); returns how many words."""
    return vocabulary_replace(
        VOCABULARY, SkillLabel.objects.values_list("search_text", flat=True).iterator(5000)
    )


def _labels_sync(
    concepts: dict[str, _Concept], supplement: Supplement, ids: dict[str, int], report: LoadReport
) -> None:
    """Make the labels of each (skill, language) in the files exactly those of the files; the
    supplement's for each pair that has no official labels, neither in the files nor stored."""
    wanted: dict[tuple[int, str, str], tuple[bool, str]] = {}  # -> (preferred, source)
    covered: set[tuple[int, str]] = set()
    for uri, concept in concepts.items():
        pk = ids[uri]
        for language, texts in concept.labels.items():
            covered.add((pk, language))
            for text, preferred in texts.items():
                wanted[(pk, language, text)] = (preferred, SkillLabel.OFFICIAL)
    if supplement:
        official = covered | set(
            SkillLabel.objects.filter(
                source=SkillLabel.OFFICIAL, language__in={lang for _uri, lang in supplement}
            )
            .values_list("skill_id", "language")
            .order_by()
            .distinct()
        )
        for (uri, language), (texts, source) in supplement.items():
            pk = ids.get(uri)
            if pk is None:
                report.supplement_unknown += 1
            elif (pk, language) in official:
                report.supplement_official += 1
            else:
                report.supplement_filled += 1
                covered.add((pk, language))
                for text, preferred in texts.items():
                    wanted[(pk, language, text)] = (preferred, source)
    report.languages = sorted(set(report.languages) | {language for _pk, language in covered})

    to_delete: list[int] = []
    to_update: list[SkillLabel] = []
    present: set[tuple[int, str, str]] = set()
    rows = SkillLabel.objects.filter(language__in=report.languages).values_list(
        "id", "skill_id", "language", "text", "preferred", "source"
    )
    for label_id, skill_id, language, text, preferred, source in rows.order_by().iterator(
        chunk_size=5000
    ):
        if (skill_id, language) not in covered:
            continue
        key = (skill_id, language, text)
        if key not in wanted:
            to_delete.append(label_id)
            continue
        present.add(key)
        if wanted[key] != (preferred, source):
            to_update.append(
                SkillLabel(id=label_id, preferred=wanted[key][0], source=wanted[key][1])
            )
    for chunk in _chunks(to_delete):
        SkillLabel.objects.filter(id__in=chunk).delete()
    SkillLabel.objects.bulk_update(to_update, ["preferred", "source"], batch_size=_BATCH)
    # bulk_create skips save(), which is where search_text is normally computed.
    to_create = [
        SkillLabel(
            skill_id=pk,
            language=language,
            text=text,
            preferred=preferred,
            source=source,
            search_text=(" " + normalise_label(text))[:SEARCH_TEXT_MAX],
        )
        for (pk, language, text), (preferred, source) in wanted.items()
        if (pk, language, text) not in present
    ]
    SkillLabel.objects.bulk_create(to_create, batch_size=_BATCH)
    report.labels_created = len(to_create)
    report.labels_updated = len(to_update)
    report.labels_deleted = len(to_delete)
