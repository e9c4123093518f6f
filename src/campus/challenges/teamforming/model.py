"""The instance and its parts, validated from the JSON format in docs/teamforming.md.

Nothing here imports Django: the engine runs as a background job, on the command line
and in the benchmark alike.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

STUDENT_ROLES = frozenset({"student", "learner", "lifelong_learner"})
COACH_ROLES = frozenset({"coach", "lecturer", "researcher"})
IGNORED_ROLES = frozenset({"stakeholder"})
DEFAULT_WEIGHTS = {"preference": 1.0, "skills": 1.0, "diversity": 0.5, "isolation": 1.0}


class InstanceError(ValueError):
    """The instance is malformed: the message says what and where."""


@dataclass(frozen=True)
class Challenge:
    id: str
    teams: int
    min_size: int
    max_size: int
    skills: dict[str, float]
    languages: frozenset[str]

    @property
    def smallest_team(self) -> int:
        """A formed team has students, so it has at least one even when min_size is 0."""
        return max(1, self.min_size)

    @property
    def usable(self) -> bool:
        return self.teams > 0 and self.max_size >= self.smallest_team


@dataclass(frozen=True)
class Person:
    id: str
    role: str
    institution: str
    skills: dict[str, float]
    languages: frozenset[str]
    preferences: tuple[str, ...]
    attributes: dict[str, str]

    @property
    def is_student(self) -> bool:
        return self.role in STUDENT_ROLES

    @property
    def is_coach(self) -> bool:
        return self.role in COACH_ROLES

    def holds(self, skill: str) -> bool:
        return self.skills.get(skill, 0) > 0


@dataclass
class Instance:
    weights: dict[str, float]
    protected: dict[str, tuple[str, ...]]
    challenges: list[Challenge]
    people: list[Person]
    skill_labels: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.challenge_by_id = {c.id: c for c in self.challenges}
        self.person_by_id = {p.id: p for p in self.people}
        self.students = [p for p in self.people if p.is_student]
        self.coaches = [p for p in self.people if p.is_coach]

    # --- eligibility -------------------------------------------------------------------
    def speaks(self, person: Person, challenge: Challenge) -> bool:
        return bool(person.languages & challenge.languages)

    def may_join(self, person: Person, challenge: Challenge) -> bool:
        """The hard rules that concern one person and one challenge."""
        if not challenge.usable or not self.speaks(person, challenge):
            return False
        if person.is_student:
            return challenge.id in person.preferences
        if person.is_coach:
            return not person.preferences or challenge.id in person.preferences
        return False

    def options(self, person: Person) -> list[Challenge]:
        """Challenges the person may join, best ranked first (coaches: preferred first)."""
        if person.is_student or person.preferences:
            ranked = [self.challenge_by_id[c] for c in person.preferences]
        else:
            ranked = list(self.challenges) if person.is_coach else []
        return [c for c in ranked if self.may_join(person, c)]

    def rank(self, person: Person, challenge_id: str) -> int | None:
        try:
            return person.preferences.index(challenge_id) + 1
        except ValueError:
            return None

    def slots(self) -> list[tuple[str, int]]:
        return [(c.id, k) for c in self.challenges for k in range(c.teams)]

    def label(self, skill: str) -> str:
        return self.skill_labels.get(skill, skill)


def rank_score(rank: int | None) -> float:
    """max(0, 1 − 0.2·(r − 1)): 1 for a first choice, 0.8 for a second, … 0 from the sixth."""
    if rank is None:
        return 0.0
    return max(0.0, 1.0 - 0.2 * (rank - 1))


# --- validation ----------------------------------------------------------------------------


def _require(obj: dict, key: str, where: str):
    if key not in obj:
        raise InstanceError(f"{where}: missing field {key!r}")
    return obj[key]


def _string(value, where: str) -> str:
    if not isinstance(value, str) or not value:
        raise InstanceError(f"{where}: expected a non-empty string, got {value!r}")
    return value


def _integer(value, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        else:
            raise InstanceError(f"{where}: expected a whole number, got {value!r}")
    if value < 0:
        raise InstanceError(f"{where}: must not be negative, got {value}")
    return value


def _number(value, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InstanceError(f"{where}: expected a number, got {value!r}")
    if not math.isfinite(value):
        raise InstanceError(f"{where}: expected a finite number, got {value!r}")
    return float(value)


def _strings(value, where: str) -> list[str]:
    if not isinstance(value, list):
        raise InstanceError(f"{where}: expected a list of strings, got {value!r}")
    return [_string(v, f"{where}[{i}]") for i, v in enumerate(value)]


def _skills(value, where: str, *, negative_ok: bool = False) -> dict[str, float]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InstanceError(f"{where}: expected an object {{skill uri: number}}, got {value!r}")
    out = {}
    for uri, weight in value.items():
        w = _number(weight, f"{where}[{uri!r}]")
        if w < 0 and not negative_ok:
            raise InstanceError(f"{where}[{uri!r}]: must not be negative, got {weight}")
        out[_string(uri, f"{where} key")] = w
    return out


def validate(data) -> Instance:
    """Check a decoded JSON instance and build the :class:`Instance`, or raise InstanceError."""
    if isinstance(data, Instance):
        return data
    if not isinstance(data, dict):
        raise InstanceError("the instance must be a JSON object")
    weights = dict(DEFAULT_WEIGHTS)
    raw_weights = data.get("weights") or {}
    if not isinstance(raw_weights, dict):
        raise InstanceError("weights: expected an object")
    for key, value in raw_weights.items():
        if key not in DEFAULT_WEIGHTS:
            raise InstanceError(
                f"weights: unknown weight {key!r} (known: {', '.join(DEFAULT_WEIGHTS)})"
            )
        weights[key] = _number(value, f"weights.{key}")
        if weights[key] < 0:
            raise InstanceError(f"weights.{key}: must not be negative, got {value}")

    raw_protected = data.get("protected") or {}
    if not isinstance(raw_protected, dict):
        raise InstanceError("protected: expected an object {attribute: [values]}")
    protected = {
        _string(a, "protected key"): tuple(dict.fromkeys(_strings(v, f"protected.{a}")))
        for a, v in raw_protected.items()
    }

    raw_labels = data.get("skill_labels") or {}
    if not isinstance(raw_labels, dict):
        raise InstanceError("skill_labels: expected an object {skill uri: label}")
    labels = {
        _string(k, "skill_labels key"): _string(v, f"skill_labels[{k!r}]")
        for k, v in raw_labels.items()
    }

    raw_challenges = _require(data, "challenges", "instance")
    if not isinstance(raw_challenges, list):
        raise InstanceError("challenges: expected a list")
    challenges: list[Challenge] = []
    seen: set[str] = set()
    for i, raw in enumerate(raw_challenges):
        where = f"challenges[{i}]"
        if not isinstance(raw, dict):
            raise InstanceError(f"{where}: expected an object")
        cid = _string(_require(raw, "id", where), f"{where}.id")
        where = f"challenge {cid!r}"
        if cid in seen:
            raise InstanceError(f"{where}: duplicate challenge id")
        seen.add(cid)
        teams = _integer(_require(raw, "teams", where), f"{where}.teams")
        min_size = _integer(_require(raw, "min_size", where), f"{where}.min_size")
        max_size = _integer(_require(raw, "max_size", where), f"{where}.max_size")
        if min_size > max_size:
            raise InstanceError(f"{where}: min_size {min_size} is greater than max_size {max_size}")
        languages = _strings(_require(raw, "languages", where), f"{where}.languages")
        challenges.append(
            Challenge(
                id=cid,
                teams=teams,
                min_size=min_size,
                max_size=max_size,
                skills=_skills(raw.get("skills"), f"{where}.skills"),
                languages=frozenset(languages),
            )
        )

    raw_people = _require(data, "people", "instance")
    if not isinstance(raw_people, list):
        raise InstanceError("people: expected a list")
    people: list[Person] = []
    pseen: set[str] = set()
    known_roles = STUDENT_ROLES | COACH_ROLES | IGNORED_ROLES
    for i, raw in enumerate(raw_people):
        where = f"people[{i}]"
        if not isinstance(raw, dict):
            raise InstanceError(f"{where}: expected an object")
        pid = _string(_require(raw, "id", where), f"{where}.id")
        where = f"person {pid!r}"
        if pid in pseen:
            raise InstanceError(f"{where}: duplicate person id")
        if pid in seen:
            raise InstanceError(f"{where}: the id is also a challenge id")
        pseen.add(pid)
        role = _string(_require(raw, "role", where), f"{where}.role")
        if role not in known_roles:
            raise InstanceError(
                f"{where}: unknown role {role!r} (known: {', '.join(sorted(known_roles))})"
            )
        institution = _string(_require(raw, "institution", where), f"{where}.institution")
        languages = _strings(_require(raw, "languages", where), f"{where}.languages")
        preferences = _strings(raw.get("preferences") or [], f"{where}.preferences")
        for cid in preferences:
            if cid not in seen:
                raise InstanceError(f"{where}: preferences name an unknown challenge {cid!r}")
        if len(set(preferences)) != len(preferences):
            raise InstanceError(f"{where}: a challenge appears twice in the preferences")
        attributes = raw.get("attributes") or {}
        if not isinstance(attributes, dict):
            raise InstanceError(f"{where}.attributes: expected an object")
        attrs = {}
        for key, value in attributes.items():
            if not isinstance(value, str | int | float | bool) or value is None:
                raise InstanceError(f"{where}.attributes[{key!r}]: expected a scalar")
            attrs[str(key)] = value if isinstance(value, str) else str(value)
        people.append(
            Person(
                id=pid,
                role=role,
                institution=institution,
                skills=_skills(raw.get("skills"), f"{where}.skills"),
                languages=frozenset(languages),
                preferences=tuple(preferences),
                attributes=attrs,
            )
        )
    return Instance(
        weights=weights,
        protected=protected,
        challenges=challenges,
        people=people,
        skill_labels=labels,
    )
