"""Reads of the research hub. Every read of expert profiles goes through ``experts_visible_to``,
so that a profile is shown only as far as its person's visibility allows (public: everyone;
alliance members: signed-in people; private: the person, their institution's coordinators and
alliance administrators), on pages, in the API, in search and in exports alike."""

from dataclasses import dataclass

import numpy as np
from django.db.models import Count, Prefetch, Q, QuerySet

from campus.catalog.selectors import courses_filter
from campus.people.models import AffiliationState, Person, Visibility
from campus.permissions import COORDINATOR, is_alliance_admin
from campus.skills.selectors import preferred_labels_prefetch

from .models import (
    AgendaJoinRequest,
    AgendaMember,
    AgendaRole,
    ExpertProfile,
    JoinState,
    ResearchAgenda,
    Topic,
)
from .permissions import EXPERT_ROLES


def _visibility_filter(user, to_person: str = "person__") -> Q | None:
    """The people ``user`` may see (reached from the queried model through ``to_person``), as
    a filter; None: everyone. The rule of people's own profile pages (people.views)."""
    if user is not None and user.is_authenticated and is_alliance_admin(user):
        return None
    shown = Q(**{f"{to_person}visibility": Visibility.PUBLIC})
    if user is not None and user.is_authenticated:
        shown |= Q(**{f"{to_person}visibility": Visibility.MEMBERS})
        shown |= Q(**{f"{to_person}pk": user.pk})
        coordinated = [i for r, i, _o in user.granted_affiliations if r == COORDINATOR and i]
        if coordinated:
            shown |= Q(**{f"{to_person}institution_id__in": coordinated})
    return shown


def experts_visible_to(user) -> QuerySet[ExpertProfile]:
    """The expert profiles ``user`` may see: active people whose expert role is granted."""
    found = ExpertProfile.objects.filter(
        person__is_active=True,
        person__affiliations__role__in=EXPERT_ROLES,
        person__affiliations__state=AffiliationState.GRANTED,
    )
    shown = _visibility_filter(user)
    if shown is not None:
        found = found.filter(shown)
    return found.distinct().select_related(
        "person", "person__institution", "person__organisation__region"
    )


def expert_for(user, pk: int) -> ExpertProfile | None:
    """One expert profile with what its page shows, or None when ``user`` may not see it."""
    return (
        experts_visible_to(user)
        .prefetch_related(
            Prefetch("skills", queryset=_skills_queryset()),
            "topics",
            "outputs",
        )
        .filter(pk=pk)
        .first()
    )


def _skills_queryset():
    from campus.skills.models import Skill

    return Skill.objects.prefetch_related(*preferred_labels_prefetch())


def profile_of(person: Person) -> ExpertProfile | None:
    """A person's own expert profile (for editing), or None."""
    return (
        ExpertProfile.objects.filter(person=person)
        .prefetch_related(Prefetch("skills", queryset=_skills_queryset()), "topics", "outputs")
        .first()
    )


def topics_list() -> QuerySet[Topic]:
    return Topic.objects.annotate(agenda_count=Count("agendas", distinct=True)).order_by("slug")


def topic_detail(slug: str) -> Topic | None:
    return Topic.objects.filter(slug=slug).first()


def topic_experts(topic: Topic, user) -> QuerySet[ExpertProfile]:
    return experts_visible_to(user).filter(topics=topic).order_by("person__display_name")


def topic_courses(topic: Topic, *, limit: int = 6) -> list:
    """Published courses of the topic's alliance theme (none when it has no theme)."""
    if not topic.theme:
        return []
    return list(courses_filter(theme=topic.theme, sort="title")[:limit])


def agendas_list(*, topic: Topic | None = None) -> QuerySet[ResearchAgenda]:
    found = ResearchAgenda.objects.annotate(member_count=Count("members", distinct=True))
    if topic is not None:
        found = found.filter(topics=topic)
    return found.prefetch_related("topics").order_by("title")


def agenda_detail(pk: int) -> ResearchAgenda | None:
    return (
        ResearchAgenda.objects.prefetch_related(
            "topics",
            Prefetch(
                "members",
                queryset=AgendaMember.objects.select_related(
                    "person", "person__institution", "person__organisation"
                ).order_by("role", "person__display_name"),
            ),
        )
        .filter(pk=pk)
        .first()
    )


def agenda_members_shown(agenda: ResearchAgenda, user) -> list[dict]:
    """The agenda's members as the reader may see them: a member whose profile the reader may
    not see is listed by role and institution only, without name or link."""
    members = list(agenda.members.all())
    ids = [m.person_id for m in members]
    profile_of_person = dict(
        experts_visible_to(user).filter(person_id__in=ids).values_list("person_id", "pk")
    )
    people = Person.objects.filter(pk__in=ids)
    shown_filter = _visibility_filter(user, to_person="")
    if shown_filter is not None:
        people = people.filter(shown_filter)
    visible_people = set(people.values_list("pk", flat=True))
    shown = []
    for member in members:
        person = member.person
        where = person.institution or person.organisation
        profile_id = profile_of_person.get(person.pk)
        hidden = person.pk not in visible_people
        shown.append(
            {
                "member": member,
                "name": None if hidden else person.display_name,
                "profile_id": profile_id,
                "where": str(where) if where else "",
                "role": member.role,
                "role_label": member.get_role_display(),
            }
        )
    return shown


def membership_of(agenda: ResearchAgenda, user) -> AgendaMember | None:
    if not user.is_authenticated:
        return None
    return AgendaMember.objects.filter(agenda=agenda, person_id=user.pk).first()


def pending_request_of(agenda: ResearchAgenda, user) -> AgendaJoinRequest | None:
    if not user.is_authenticated:
        return None
    return AgendaJoinRequest.objects.filter(
        agenda=agenda, person_id=user.pk, state=JoinState.PENDING
    ).first()


def join_requests_pending(agenda: ResearchAgenda) -> QuerySet[AgendaJoinRequest]:
    """The requests waiting for the agenda's leads."""
    return (
        AgendaJoinRequest.objects.filter(agenda=agenda, state=JoinState.PENDING)
        .select_related("person", "person__institution", "person__organisation")
        .order_by("created_at", "pk")
    )


def agendas_led_by(user) -> QuerySet[ResearchAgenda]:
    return ResearchAgenda.objects.filter(
        members__person_id=user.pk, members__role=AgendaRole.LEAD
    ).distinct()


def expert_documents(user) -> list[dict]:
    """Every expert profile ``user`` may see, as plain dicts for the expert finder.

    Each: id, name, institution (Erasmus code, or the organisation's name for a practitioner),
    country, languages, skills (ESCO URIs), keywords, topics (slugs), outputs (titles) and the
    availability flags.
    """
    found = experts_visible_to(user).prefetch_related(
        Prefetch("skills", queryset=_plain_skills()),
        Prefetch("topics", queryset=Topic.objects.only("pk", "slug")),
        "outputs",
    )
    documents = []
    for profile in found.order_by("pk"):
        person = profile.person
        institution = person.institution
        organisation = person.organisation
        if institution is not None:
            code, country = institution.code, institution.country
        elif organisation is not None:
            code, country = organisation.name, organisation.region.country
        else:
            code, country = "", ""
        documents.append(
            {
                "id": profile.pk,
                "name": person.display_name,
                "institution": code,
                "country": country,
                "languages": list(profile.languages),
                "skills": [s.uri for s in profile.skills.all()],
                "keywords": list(profile.keywords),
                "topics": [t.slug for t in profile.topics.all()],
                "outputs": [o.title for o in profile.outputs.all()],
                "available_for_challenges": profile.available_for_challenges,
                "available_for_supervision": profile.available_for_supervision,
                "available_for_consultancy": profile.available_for_consultancy,
            }
        )
    return documents


def _plain_skills():
    from campus.skills.models import Skill

    return Skill.objects.only("pk", "uri")


# --- the expert finder's shared index (campus.research.expert_search) -------------------------


def expert_index_version() -> tuple:
    """What the finder's index, vocabulary and people are built from, in one query of index
    look-ups: the latest research event on a profile (every write of the research services
    records one, in the same transaction: profile saved, output added or removed), the highest
    profile id and the number of profiles (profiles made in bulk, or deleted), the highest
    output, skill label and skill ids; then the people's part (``PEOPLE_VERSION``): the latest
    change of a person and of an affiliation (``updated_at``, set by every kind of write,
    people.models.Touched). A process compares each part with the one it built its index and
    its people at."""
    from django.db import connection

    from campus.people.models import Affiliation
    from campus.skills.models import Skill, SkillLabel

    from .models import ResearchEvent, ResearchOutput

    def table(model) -> str:
        return connection.ops.quote_name(model._meta.db_table)

    events, profiles, outputs = table(ResearchEvent), table(ExpertProfile), table(ResearchOutput)
    labels, skills = table(SkillLabel), table(Skill)
    people, affiliations = table(Person), table(Affiliation)
    # Table names from the models' own metadata, quoted; no input reaches this text.
    sql = (
        f"SELECT (SELECT MAX(id) FROM {events} WHERE profile_id IS NOT NULL), "  # noqa: S608
        f"(SELECT MAX(id) FROM {profiles}), (SELECT COUNT(*) FROM {profiles}), "
        f"(SELECT MAX(id) FROM {outputs}), "
        f"(SELECT MAX(id) FROM {labels}), (SELECT MAX(id) FROM {skills}), "
        f"(SELECT MAX(updated_at) FROM {people}), (SELECT MAX(updated_at) FROM {affiliations})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return tuple(str(value) for value in cursor.fetchone())


PEOPLE_VERSION = slice(6, None)  # the people's share of expert_index_version()


@dataclass(frozen=True)
class ExpertPeople:
    """What the visibility rule reads of the people behind the expert profiles, one array
    entry a person (``ids`` ascending), for a process to keep beside its index and apply to
    every search without a query (``expert_people_visible``)."""

    ids: np.ndarray  # person ids
    shown: np.ndarray  # active, with a granted expert role
    visibility: np.ndarray  # Visibility values
    institution_id: np.ndarray  # 0: none
    where: np.ndarray  # the institution's Erasmus code, else the organisation's name
    organisation: np.ndarray  # the organisation's name ('' when none)
    country: np.ndarray  # the institution's country, else the organisation's region's


def expert_people_all() -> ExpertPeople:
    """The people who hold an expert profile, with what ``expert_people_visible`` reads of
    them: one query, whatever their number."""
    from django.db.models import Exists, OuterRef

    from campus.people.models import Affiliation

    granted = Affiliation.objects.filter(
        person_id=OuterRef("pk"), role__in=EXPERT_ROLES, state=AffiliationState.GRANTED
    )
    rows = list(
        Person.objects.filter(expert_profile__isnull=False)
        .annotate(granted=Exists(granted))
        .values_list(
            "pk",
            "is_active",
            "granted",
            "visibility",
            "institution_id",
            "institution__code",
            "institution__country",
            "organisation__name",
            "organisation__region__country",
        )
        .order_by("pk")
    )
    return ExpertPeople(
        ids=np.array([r[0] for r in rows], dtype=np.int64),
        shown=np.array([bool(r[1] and r[2]) for r in rows], dtype=bool),
        visibility=np.array([r[3] for r in rows], dtype=object),
        institution_id=np.array([r[4] or 0 for r in rows], dtype=np.int64),
        where=np.array([r[5] or r[7] or "" for r in rows], dtype=object),
        organisation=np.array([r[7] or "" for r in rows], dtype=object),
        country=np.array([r[6] or (r[8] or "") for r in rows], dtype=object),
    )


def expert_people_visible(
    people: ExpertPeople,
    user,
    *,
    institution: str | None = None,
    country: str | None = None,
) -> np.ndarray:
    """Which of ``people`` (a boolean array in their order) ``user`` may see as experts: the
    rule of ``experts_visible_to`` and ``_visibility_filter``, read on the arrays (a test checks
    that the two agree on every kind of person and reader), narrowed to an institution
    (Erasmus code, or a practitioner's organisation name) and a country."""
    found = people.shown.copy()
    if not (user is not None and user.is_authenticated and is_alliance_admin(user)):
        allowed = people.visibility == Visibility.PUBLIC
        if user is not None and user.is_authenticated:
            allowed |= people.visibility == Visibility.MEMBERS
            allowed |= people.ids == user.pk
            coordinated = [i for r, i, _o in user.granted_affiliations if r == COORDINATOR and i]
            if coordinated:
                allowed |= np.isin(people.institution_id, coordinated)
        found &= allowed
    if institution:
        found &= (people.where == institution) | (people.organisation == institution)
    if country:
        found &= people.country == country.upper()
    return found


def expert_documents_all() -> list[dict]:
    """Every expert profile, whoever may see it, as plain dicts for the finder's one shared
    index (id, skills, keywords, topics, outputs, languages, availability). Who may see which
    is applied per search (``expert_people_visible``), so the index needs rebuilding only when
    profiles change. Four queries, whatever the number of profiles."""
    from .models import ResearchOutput

    skills: dict[int, list[str]] = {}
    for profile_id, uri in ExpertProfile.skills.through.objects.values_list(
        "expertprofile_id", "skill__uri"
    ).order_by("pk"):
        skills.setdefault(profile_id, []).append(uri)
    topics: dict[int, list[str]] = {}
    for profile_id, slug in ExpertProfile.topics.through.objects.values_list(
        "expertprofile_id", "topic__slug"
    ).order_by("pk"):
        topics.setdefault(profile_id, []).append(slug)
    outputs: dict[int, list[str]] = {}
    for profile_id, title in ResearchOutput.objects.values_list("profile_id", "title").order_by(
        "pk"
    ):
        outputs.setdefault(profile_id, []).append(title)
    documents = []
    for row in ExpertProfile.objects.values(
        "pk",
        "person_id",
        "keywords",
        "languages",
        "available_for_challenges",
        "available_for_supervision",
        "available_for_consultancy",
    ).order_by("pk"):
        pk = row["pk"]
        documents.append(
            {
                "id": pk,
                "person_id": row["person_id"],
                "languages": list(row["languages"] or []),
                "skills": skills.get(pk, []),
                "keywords": list(row["keywords"] or []),
                "topics": topics.get(pk, []),
                "outputs": outputs.get(pk, []),
                "available_for_challenges": row["available_for_challenges"],
                "available_for_supervision": row["available_for_supervision"],
                "available_for_consultancy": row["available_for_consultancy"],
            }
        )
    return documents


TOPIC_SKILLS = 5  # the skills a topic stands for, at most
TOPIC_SKILL_SHARE = 0.25  # held by at least this share of the topic's experts


def topic_skill_shares(slugs, user) -> dict[str, list[tuple[str, float]]]:
    """What each topic stands for in ESCO skills, as far as ``user`` may see: a topic holds no
    skills itself, its experts do. Per topic slug, the skills (URIs) held by the most of the
    topic's experts that ``user`` may see, each with the share of them who hold it (in (0, 1]),
    at most ``TOPIC_SKILLS``, each held by at least ``TOPIC_SKILL_SHARE`` of them; ties by the
    skill's label. A private profile the reader may not see counts for nothing. Two queries."""
    slugs = list(dict.fromkeys(slugs))
    visible = experts_visible_to(user).filter(topics__slug__in=slugs).values("pk")
    experts: dict[str, set[int]] = {slug: set() for slug in slugs}
    for profile_id, slug in ExpertProfile.topics.through.objects.filter(
        expertprofile_id__in=visible, topic__slug__in=slugs
    ).values_list("expertprofile_id", "topic__slug"):
        experts[slug].add(profile_id)
    every = set().union(*experts.values()) if experts else set()
    held: dict[int, list[tuple[str, str]]] = {}
    for profile_id, uri, label in ExpertProfile.skills.through.objects.filter(
        expertprofile_id__in=every
    ).values_list("expertprofile_id", "skill__uri", "skill__label"):
        held.setdefault(profile_id, []).append((uri, label))
    shares: dict[str, list[tuple[str, float]]] = {}
    for slug, ids in experts.items():
        counts: dict[tuple[str, str], int] = {}
        for profile_id in ids:
            for skill in held.get(profile_id, []):
                counts[skill] = counts.get(skill, 0) + 1
        ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0][1], item[0][0]))
        shares[slug] = [
            (uri, round(count / len(ids), 4))
            for (uri, _label), count in ranked
            if count / len(ids) >= TOPIC_SKILL_SHARE
        ][:TOPIC_SKILLS]
    return shares
