"""The demo research hub: the 12 transversal topics; about 55 experts over the nine partners
(their researchers and lecturers) and 8 practitioners of demo stakeholder organisations, with
ESCO skills, keywords in their own language, outputs with DOIs, some of them private; and 6
cross-institution agendas, "Living with floods in small towns" led by researcher@campus.test.

Deterministic (drawn from the address of each person) and idempotent (profiles per person,
agendas per title); everything goes through the real services, acting as the people concerned.
"""

import zlib
from dataclasses import dataclass

from django.db import transaction

from campus.alliance.models import Institution, Organisation
from campus.people import services as people_services
from campus.people.models import Person, Visibility
from campus.research import services
from campus.research.identifiers import orcid_check_character
from campus.research.models import AgendaJoinRequest, ExpertProfile, ResearchAgenda, Topic
from campus_demo.datasets import read

RESEARCHER = "researcher@campus.test"
DATA = read("research.json")
TOPIC_SLUGS = sorted(DATA["topic_skills"])


@dataclass
class ResearchReport:
    topics_created: int = 0
    experts_created: int = 0
    agendas_created: int = 0


def _draw(email: str) -> int:
    return zlib.crc32(email.encode())


def _orcid(number: int) -> str:
    digits = f"{number % 10**15:015d}"
    whole = digits + orcid_check_character(digits)
    return "-".join(whole[i : i + 4] for i in range(0, 16, 4))


def _experts() -> list[Person]:
    """The demo experts, in a fixed order: the demo researcher, each partner's researchers and
    three of its lecturers, and the contact persons of eight organisations."""
    people = list(Person.objects.filter(email=RESEARCHER))
    for institution in Institution.objects.order_by("pk"):
        for role, count in (("researcher", 3), ("lecturer", 3)):
            emails = [f"{role}{i + 1}.{institution.slug}@campus.test" for i in range(count)]
            people += list(Person.objects.filter(email__in=emails).order_by("email"))
    organisations = Organisation.objects.filter(partner_institution__isnull=False).order_by("pk")
    contacts = [f"contact1.{o.slug}@campus.test" for o in organisations[:8]]
    people += list(Person.objects.filter(email__in=contacts).order_by("email"))
    return people


def _profile(person: Person, index: int, topics: dict[str, Topic]) -> None:
    draw = _draw(person.email)
    primary = TOPIC_SLUGS[index % len(TOPIC_SLUGS)]
    secondary = TOPIC_SLUGS[(index * 5 + 3) % len(TOPIC_SLUGS)]
    if person.email == RESEARCHER:
        primary, secondary = "climate-adaptation", "water-management"
    if secondary == primary:
        secondary = TOPIC_SLUGS[(index + 1) % len(TOPIC_SLUGS)]
    skills = DATA["topic_skills"][primary][:3] + DATA["topic_skills"][secondary][:1]
    place = person.institution or person.organisation
    languages = list(person.languages.values_list("language", flat=True))
    native = next((code for code in languages if code != "en"), "en")
    keywords = [topics[primary].name_in(native).lower(), topics[secondary].name_in(native).lower()]
    keywords += DATA["topic_keywords"][primary][: 1 + draw % 2]
    is_researcher = person.has_role("researcher")
    with transaction.atomic():
        profile = services.expert_profile_save(
            person=person,
            by=person,
            headline=f"{topics[primary].name_in('en')} — {place}",
            skills=skills,
            topics=[primary, secondary],
            keywords=keywords,
            methods=["case studies", "participatory design", "surveys", "modelling"][
                draw % 3 : draw % 3 + 2
            ],
            projects=[f"HEROES {topics[primary].name_in('en')} lab"],
            available_for_challenges=bool(draw % 2),
            available_for_supervision=is_researcher or bool(draw % 3 == 0),
            available_for_consultancy=bool(draw % 5 != 0),
            orcid=_orcid(draw * 7919) if is_researcher else "",
        )
        country = person.institution.country if person.institution else ""
        for k in range(2 if is_researcher else (1 if person.institution else 0)):
            pattern = DATA["output_titles"][(index + k) % len(DATA["output_titles"])]
            services.output_add(
                profile=profile,
                by=person,
                title=pattern.format(
                    topic=topics[primary].name_in("en"), country=country or "Europe"
                ),
                year=2019 + (draw + k) % 7,
                type="article" if k == 0 else "conference",
                doi=f"10.5281/heroes.{draw % 100000}.{k + 1}",
            )
        if index % 9 == 4:  # some experts keep their profile to themselves
            people_services.person_update(person=person, by=person, visibility=Visibility.PRIVATE)


def _agendas(experts: list[Person], report: ResearchReport) -> None:
    by_email = {p.email: p for p in experts}
    researchers = [p for p in experts if p.email.startswith("researcher1.")]
    for spec in DATA["agendas"]:
        if ResearchAgenda.objects.filter(title=spec["title"]).exists():
            continue
        lead = by_email.get(spec["lead"]) if isinstance(spec["lead"], str) else None
        if lead is None:
            lead = researchers[int(spec["lead"]) % len(researchers)] if researchers else None
        if lead is None:
            continue
        with transaction.atomic():
            agenda = services.agenda_create(
                by=lead, title=spec["title"], aims=spec["aims"], topics=spec["topics"]
            )
            # Members from other institutions who work on its first topic.
            candidates = [
                p
                for p in experts
                if p.pk != lead.pk
                and p.institution_id != lead.institution_id
                and ExpertProfile.objects.filter(person=p, topics__slug__in=spec["topics"]).exists()
            ][:5]
            for k, person in enumerate(candidates):
                request = services.join_request_create(
                    agenda=agenda, by=person, message="I would like to contribute."
                )
                if k < len(candidates) - 1:  # the last one waits in the leads' queue
                    services.join_request_approve(request=request, by=lead)
        report.agendas_created += 1


def seed_research(*, stdout=None) -> ResearchReport:
    """Build (or complete) the demo research hub; running it again adds nothing twice."""
    report = ResearchReport(topics_created=services.topics_load())
    topics = {t.slug: t for t in Topic.objects.all()}
    experts = _experts()
    have = set(ExpertProfile.objects.values_list("person_id", flat=True))
    for index, person in enumerate(experts):
        if person.pk in have:
            continue
        _profile(person, index, topics)
        report.experts_created += 1
    _agendas(experts, report)
    if stdout and report.experts_created:
        stdout.write(
            f"Research hub: {report.experts_created} experts, {report.agendas_created} agendas, "
            f"{AgendaJoinRequest.objects.filter(state='pending').count()} requests waiting."
        )
    return report
