"""Between the campus and the team-formation engine: the engine's instance built from the
applications to some open challenges, the rules and the score of a proposal, and the
coordinator's manual moves.

Ids in the instance are strings that never clash (the engine refuses a person id that is also
a challenge id): a challenge is ``c<pk>``, a person ``p<pk>``. The score is the issue's objective, computed here exactly as the issue
defines it, so that a proposal changed by hand is scored the same way as the engine's.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from campus.people.models import PROTECTED_GENDERS, PersonLanguage, PersonSkill

from .models import Application, ApplicationRole, ApplicationStatus, Challenge, ChallengeSkill

WEIGHTS = {"preference": 1.0, "skills": 1.0, "diversity": 0.5, "isolation": 1.0}


def challenge_key(value: int | str) -> str:
    """The instance's id of a challenge, from its pk (or its id, unchanged)."""
    value = str(value)
    return value if value.startswith("c") else f"c{value}"


def person_key(value: int | str) -> str:
    """The instance's id of a person, from their pk (or their id, unchanged)."""
    value = str(value)
    return value if value.startswith("p") else f"p{value}"


def pk_of(key: str) -> int:
    """The pk behind an instance id (``c12`` → 12, ``p7`` → 7)."""
    return int(str(key)[1:])


# --- the instance ----------------------------------------------------------------------------


def instance_for(challenges: Sequence[Challenge]) -> dict[str, Any]:
    """The engine's instance for these challenges, from their submitted applications.

    Students get the challenges they ranked (among these only), best rank first; coaches and
    researchers volunteer as coaches for the challenges they offered to coach. A person who
    applied both as a student and as a coach takes part as a student. A gender that a person
    chose to state on their profile goes in as ``attributes.gender``, with women and
    non-binary people as the protected values, so nobody is left alone in a team.
    """
    challenge_ids = [c.pk for c in challenges]
    skills_of = defaultdict(dict)
    for need in (
        ChallengeSkill.objects.filter(challenge_id__in=challenge_ids)
        .select_related("skill")
        .order_by("challenge_id", "skill__uri")
    ):
        skills_of[need.challenge_id][need.skill.uri] = float(need.weight)
    applications = list(
        Application.objects.filter(
            challenge_id__in=challenge_ids, status=ApplicationStatus.SUBMITTED
        )
        .select_related("person__institution")
        .order_by("person_id", "rank", "created_at", "pk")
    )
    person_ids = {a.person_id for a in applications}
    person_skills = defaultdict(dict)
    for held in PersonSkill.objects.filter(person_id__in=person_ids).select_related("skill"):
        person_skills[held.person_id][held.skill.uri] = held.proficiency
    person_languages = defaultdict(list)
    for spoken in PersonLanguage.objects.filter(person_id__in=person_ids).order_by("language"):
        person_languages[spoken.person_id].append(spoken.language)

    by_person: dict[int, list[Application]] = defaultdict(list)
    for application in applications:
        by_person[application.person_id].append(application)
    people = []
    for person_id, own in sorted(by_person.items()):
        person = own[0].person
        as_student = [a for a in own if a.role == ApplicationRole.STUDENT]
        chosen = as_student or own
        people.append(
            {
                "id": person_key(person_id),
                "role": "student" if as_student else "coach",
                "institution": person.institution.code if person.institution else "",
                "skills": dict(sorted(person_skills[person_id].items())),
                "languages": person_languages[person_id],
                "preferences": [challenge_key(a.challenge_id) for a in chosen],
                "attributes": {"gender": person.gender} if person.gender else {},
            }
        )
    return {
        "weights": dict(WEIGHTS),
        "protected": {"gender": list(PROTECTED_GENDERS)},
        "challenges": [
            {
                "id": challenge_key(c.pk),
                "teams": c.teams_wanted,
                "min_size": c.team_min,
                "max_size": c.team_max,
                "skills": dict(skills_of[c.pk]),
                "languages": list(c.languages),
            }
            for c in challenges
        ],
        "people": people,
    }


# --- scoring a proposal ----------------------------------------------------------------------


def _index(instance: dict) -> tuple[dict, dict]:
    return (
        {c["id"]: c for c in instance["challenges"]},
        {p["id"]: p for p in instance["people"]},
    )


def _formed(instance: dict, solution: dict) -> list[tuple[dict, list[dict], list[dict]]]:
    """The formed teams (those with students): (challenge, students, coaches)."""
    challenges, people = _index(instance)
    formed = []
    for team in solution.get("teams", ()):
        members = [people[m] for m in team.get("members", ()) if m in people]
        students = [p for p in members if p["role"] == "student"]
        if students and team.get("challenge") in challenges:
            coaches = [p for p in members if p["role"] != "student"]
            formed.append((challenges[team["challenge"]], students, coaches))
    return formed


def objective(instance: dict, solution: dict) -> float:
    """The issue's objective, to maximise, of the teams in ``solution``: the engine's own
    function when the engine is installed, so that a proposal changed by hand is scored exactly
    as the engine scored it; otherwise ``objective_here``, the same definition."""
    try:
        from .teamforming import objective as engine_objective
        from .teamforming import validate
    except ImportError:  # pragma: no cover - the engine ships with the campus
        return objective_here(instance, solution)
    teams = [
        {"challenge": t["challenge"], "slot": t.get("slot", 0), "members": list(t["members"])}
        for t in solution.get("teams", ())
        if t.get("members")
    ]
    return float(engine_objective(validate(instance), teams))


def objective_here(instance: dict, solution: dict) -> float:
    """The issue's objective, computed from the definition (no engine needed)."""
    weights = {**WEIGHTS, **instance.get("weights", {})}
    protected = instance.get("protected", {}) or {}
    preference = skills = diversity = isolation = 0.0
    for challenge, students, coaches in _formed(instance, solution):
        for student in students:
            prefs = student.get("preferences", [])
            if challenge["id"] in prefs:
                rank = prefs.index(challenge["id"]) + 1
                preference += max(0.0, 1 - 0.2 * (rank - 1))
        members = students + coaches
        for uri, weight in challenge.get("skills", {}).items():
            if any(m.get("skills", {}).get(uri, 0) > 0 for m in members):
                skills += weight
        diversity += len({m.get("institution") for m in members}) - 1
        for attribute, values in protected.items():
            for value in values:
                holders = sum(
                    1 for s in students if s.get("attributes", {}).get(attribute) == value
                )
                isolation += holders == 1
    return (
        weights["preference"] * preference
        + weights["skills"] * skills
        + weights["diversity"] * diversity
        - weights["isolation"] * isolation
    )


def violations(instance: dict, solution: dict, names: dict[str, str] | None = None) -> list[str]:
    """The hard rules the teams of ``solution`` break, as sentences for the coordinator.

    A student left out of every team is not listed here (see ``unplaced``): when not every
    student can be placed, the engine places as many as it can, and the coordinator may confirm.
    """
    names = names or {}
    challenges, people = _index(instance)
    found: list[str] = []

    def name(person_id: str) -> str:
        return names.get(person_id, person_id)

    def title(challenge_id: str) -> str:
        return names.get(challenge_id, challenge_id)

    seen: dict[str, int] = defaultdict(int)
    for team in solution.get("teams", ()):
        for member in team.get("members", ()):
            seen[member] += 1
    for person_id, times in seen.items():
        if times > 1:
            found.append(
                _("%(name)s is in %(n)s teams; a person joins one team at most.")
                % {"name": name(person_id), "n": times}
            )
    for team in solution.get("teams", ()):
        challenge = challenges.get(team.get("challenge"))
        if challenge is None:
            continue
        label = _("%(challenge)s, team %(n)s") % {
            "challenge": title(challenge["id"]),
            "n": team.get("slot", 0) + 1,
        }
        members = [people[m] for m in team.get("members", ()) if m in people]
        students = [p for p in members if p["role"] == "student"]
        coaches = [p for p in members if p["role"] != "student"]
        if not students:
            continue  # a slot without students is not a team; its coaches stay free
        if not coaches:
            found.append(_("%(team)s has no coach.") % {"team": label})
        if not challenge["min_size"] <= len(students) <= challenge["max_size"]:
            found.append(
                ngettext(
                    "%(team)s has %(n)s student; it needs between %(min)s and %(max)s.",
                    "%(team)s has %(n)s students; it needs between %(min)s and %(max)s.",
                    len(students),
                )
                % {
                    "team": label,
                    "n": len(students),
                    "min": challenge["min_size"],
                    "max": challenge["max_size"],
                }
            )
        if len({m.get("institution") for m in members}) < 2:
            found.append(
                _("%(team)s has members from one institution only; it needs at least two.")
                % {"team": label}
            )
        spoken = set(challenge.get("languages", ()))
        for member in members:
            if spoken and not spoken.intersection(member.get("languages", ())):
                found.append(
                    _("%(name)s speaks none of the working languages of %(team)s.")
                    % {"name": name(member["id"]), "team": label}
                )
            prefs = member.get("preferences", ())
            if member["role"] == "student" and challenge["id"] not in prefs:
                found.append(
                    _("%(name)s did not apply to %(challenge)s.")
                    % {"name": name(member["id"]), "challenge": title(challenge["id"])}
                )
            elif member["role"] != "student" and prefs and challenge["id"] not in prefs:
                found.append(
                    _("%(name)s did not offer to coach %(challenge)s.")
                    % {"name": name(member["id"]), "challenge": title(challenge["id"])}
                )
    return found


def unplaced(instance: dict, solution: dict, names: dict[str, str] | None = None) -> list[str]:
    """Sentences naming the students who are in no formed team."""
    names = names or {}
    placed = {
        s["id"] for _challenge, students, _coaches in _formed(instance, solution) for s in students
    }
    return [
        _("%(name)s is not in any team.") % {"name": names.get(p["id"], p["id"])}
        for p in instance["people"]
        if p["role"] == "student" and p["id"] not in placed
    ]


# --- why each person is where they are ------------------------------------------------------

MOVED_BY_HAND = gettext_noop("moved by hand")

# Why a student is in no team, by the engine's rule (its own sentences are English and name
# people and challenges by their instance ids, so the page says it in its own words).
_UNPLACED_BECAUSE = {
    "ranked": gettext_noop("not placed: none of the challenges they applied to can take them"),
    "language": gettext_noop(
        "not placed: they share no working language with the challenges they applied to"
    ),
    "size": gettext_noop("not placed: the challenges they can join have no room left"),
    "coach": gettext_noop("not placed: too few coaches for the teams they could join"),
    "institutions": gettext_noop(
        "not placed: everyone who could join them is from the same institution"
    ),
}


def _ordinal(rank: int) -> str:
    words = {
        1: _("as first choice"),
        2: _("as second choice"),
        3: _("as third choice"),
    }
    return words.get(rank) or _("as choice %(n)s") % {"n": rank}


def explanations(
    instance: dict,
    proposal: dict,
    names: dict[str, str],
    *,
    institutions: dict[str, str] | None = None,
    skills: dict[str, str] | None = None,
    languages=None,
) -> dict[str, str]:
    """Why each person of the proposal is where they are, in the reader's language, naming
    challenges, institutions and skills, never the instance's ids (``c3``, ``p5``).

    ``names`` maps instance ids to people's names and challenges' titles, ``institutions``
    an institution's code to its name, ``skills`` a skill's URI to its label and
    ``languages`` a language code to its name (a function)."""
    institutions, skills = institutions or {}, skills or {}
    language_name = languages or (lambda code: code)
    challenges, people = _index(instance)
    stored = proposal.get("reasons") or {}
    out: dict[str, str] = {}
    for team in proposal.get("teams", ()):
        challenge = challenges.get(team.get("challenge"))
        if challenge is None:
            continue
        title = names.get(challenge["id"], _("this challenge"))
        members = [people[m] for m in team.get("members", ()) if m in people]
        for member in members:
            prefs = list(member.get("preferences", ()))
            rank = prefs.index(challenge["id"]) + 1 if challenge["id"] in prefs else None
            if member["role"] == "student":
                parts = [
                    _("applied to “%(challenge)s” %(choice)s")
                    % {"challenge": title, "choice": _ordinal(rank)}
                    if rank
                    else _("did not apply to “%(challenge)s”") % {"challenge": title}
                ]
            elif rank:
                parts = [
                    _("coaches “%(challenge)s” (%(choice)s)")
                    % {"challenge": title, "choice": _ordinal(rank)}
                ]
            else:
                parts = [
                    _("coaches “%(challenge)s” (open to any challenge)") % {"challenge": title}
                ]
            spoken = sorted(set(member.get("languages", ())) & set(challenge.get("languages", ())))
            if spoken:
                parts.append(
                    _("speaks %(languages)s")
                    % {"languages": ", ".join(language_name(code) for code in spoken)}
                )
            brings = [
                skills.get(uri, uri)
                for uri in challenge.get("skills", {})
                if member.get("skills", {}).get(uri, 0) > 0
            ]
            if brings:
                parts.append(_("brings %(skills)s") % {"skills": ", ".join(brings)})
            others = {m.get("institution") for m in members if m["id"] != member["id"]}
            home = member.get("institution")
            if home and home not in others:
                parts.append(
                    _("the only member from %(institution)s")
                    % {"institution": institutions.get(home, home)}
                )
            if stored.get(member["id"]) in (MOVED_BY_HAND, _(MOVED_BY_HAND)):
                parts.insert(0, _(MOVED_BY_HAND))
            out[member["id"]] = "; ".join(parts)
    rules = {
        entry.get("person"): entry.get("rule")
        for entry in proposal.get("violations", ()) or ()
        if isinstance(entry, dict)
    }
    for person_id in proposal.get("unassigned", ()):
        if stored.get(person_id) in (MOVED_BY_HAND, _(MOVED_BY_HAND)):
            out[person_id] = _(MOVED_BY_HAND)
            continue
        because = _UNPLACED_BECAUSE.get(rules.get(person_id, ""))
        out[person_id] = (
            _(because)
            if because
            else _(
                "not placed: no team could take them without breaking the size, coach or "
                "two-institution rule"
            )
        )
    return out


# --- moving a person by hand -----------------------------------------------------------------


def move(instance: dict, proposal: dict, person_id: str, to: dict | None) -> dict:
    """A new proposal with ``person_id`` moved to team ``to`` (challenge and slot), or out of
    every team when ``to`` is None. Raises ValueError with a sentence when ``to`` is unknown."""
    challenges, people = _index(instance)
    person_id = person_key(person_id)
    if person_id not in people:
        raise ValueError(_("This person is not part of this team formation."))
    target = None
    if to is not None:
        challenge = challenges.get(challenge_key(to.get("challenge")))
        if challenge is None:
            raise ValueError(_("This challenge is not part of this team formation."))
        try:
            slot = int(to.get("slot", 0))
        except (TypeError, ValueError):
            raise ValueError(_("A team is numbered from 0.")) from None
        if not 0 <= slot < challenge["teams"]:
            raise ValueError(
                _("%(challenge)s has teams 0 to %(last)s.")
                % {"challenge": pk_of(challenge["id"]), "last": challenge["teams"] - 1}
            )
        target = (challenge["id"], slot)
    teams = []
    for team in proposal.get("teams", ()):
        members = [m for m in team.get("members", ()) if m != person_id]
        teams.append({**team, "members": members})
    unassigned = [p for p in proposal.get("unassigned", ()) if p != person_id]
    if target is None:
        unassigned.append(person_id)
    else:
        for team in teams:
            if (team["challenge"], team.get("slot", 0)) == target:
                team["members"].append(person_id)
                break
        else:
            teams.append({"challenge": target[0], "slot": target[1], "members": [person_id]})
    teams = sorted(
        (t for t in teams if t["members"]), key=lambda t: (t["challenge"], t.get("slot", 0))
    )
    new = {**proposal, "teams": teams, "unassigned": unassigned}
    new["objective"] = objective(instance, new)
    bound = proposal.get("bound")
    if isinstance(bound, int | float):
        new["gap"] = max(0.0, (bound - new["objective"]) / max(abs(bound), 1e-9))
    reasons = dict(proposal.get("reasons", {}))
    reasons[person_id] = MOVED_BY_HAND  # translated when shown, in the reader's language
    new["reasons"] = reasons
    new["moves"] = int(proposal.get("moves", 0)) + 1
    return new


def placements(proposal: dict) -> Iterable[tuple[str, int, list[str]]]:
    """(challenge id, slot, members) of each team in a proposal."""
    for team in proposal.get("teams", ()):
        yield team["challenge"], int(team.get("slot", 0)), list(team.get("members", ()))
