"""Demo knowledge-transfer requests, one or more in each state, from people of the demo
stakeholder organisations (stakeholder@campus.test among them) to demo experts; one about flood
risk in a small town waits for researcher@campus.test to accept it, so that a visitor can take
and answer it.

Deterministic and idempotent (a request per stakeholder and title); everything goes through
the real services, acting as the people concerned. Runs after the demo research hub.
"""

from django.db import transaction

from campus.people.models import AffiliationState, Person
from campus.research import services, transfer
from campus.research.models import ExpertProfile, TransferRequest

STAKEHOLDER = "stakeholder@campus.test"
RESEARCHER = "researcher@campus.test"
FLOOD_TITLE = "Flood risk in a small town"

# (title, question, topics, who asks (index into the askers; 0 is stakeholder@campus.test),
#  whom (RESEARCHER, "routed", or an index into the other available experts), the steps)
REQUESTS = [
    (
        FLOOD_TITLE,
        "Our town of 9,000 people lies on the Nete. Which streets flood first when the river "
        "rises, and which measures pay off for a municipality of our size?",
        ["climate-adaptation", "water-management"],
        0,
        RESEARCHER,
        [],
    ),
    (
        "Reusing construction waste in social housing",
        "We renovate 120 flats next year. Which recycled materials meet the building code, "
        "and who has tested them?",
        ["circular-economy"],
        1,
        "routed",
        ["accept"],
    ),
    (
        "Digital skills of older residents",
        "Half of our clients over 70 cannot book appointments online. What works to help them, "
        "and how do we measure it?",
        ["digital-inclusion", "healthy-ageing"],
        0,
        2,
        ["accept", "answer"],
    ),
    (
        "Heat pumps for a village school",
        "Is a ground-source heat pump worth it for a school of 1950 with 200 pupils?",
        ["energy-transition"],
        2,
        3,
        ["accept", "answer", "rate"],
    ),
    (
        "Customer data for a small shop",
        "Which simple tools let a shop of three people learn from its sales data safely?",
        ["resilient-smes"],
        3,
        4,
        ["decline"],
    ),
    (
        "Sensors in the harbour",
        "We consider water-quality sensors in the harbour; who has experience with them?",
        ["smart-regions", "water-management"],
        0,
        "routed",
        ["withdraw"],
    ),
    (
        "Short supply chains for local farmers",
        "Which models of short food supply chains work in rural regions like ours?",
        ["sustainable-food", "circular-economy"],
        4,
        "routed",
        [],
    ),
]
ANSWER = (
    "Thank you for the clear question. In short: start with what your own data shows, compare "
    "it with the two studies linked below, and plan a small pilot before any larger step."
)


def _askers() -> list[Person]:
    """stakeholder@campus.test, then the demo organisations' contact persons who do not hold an
    expert profile, each with a granted stakeholder affiliation."""
    granted = Person.objects.filter(
        affiliations__role="stakeholder", affiliations__state=AffiliationState.GRANTED
    ).distinct()
    first = list(granted.filter(email=STAKEHOLDER))
    experts = ExpertProfile.objects.values("person_id")
    others = list(
        granted.filter(email__startswith="contact").exclude(pk__in=experts).order_by("email")[:6]
    )
    return first + others


def _available_experts(researcher: Person | None) -> list[ExpertProfile]:
    found = ExpertProfile.objects.filter(available_for_consultancy=True).exclude(
        person__visibility="private"
    )
    if researcher is not None:
        found = found.exclude(person=researcher)
    return list(found.select_related("person").order_by("pk")[:10])


def seed_transfer(*, stdout=None) -> int:
    """The demo's knowledge-transfer requests; the number created (none the second time)."""
    askers = _askers()
    researcher = Person.objects.filter(email=RESEARCHER).first()
    if not askers:
        return 0
    if researcher is not None:
        profile = ExpertProfile.objects.filter(person=researcher).first()
        if profile is not None and not transfer.is_available(profile):
            services.expert_profile_save(
                person=researcher, by=researcher, available_for_consultancy=True
            )
    experts = _available_experts(researcher)
    created = 0
    for title, question, topics, who, whom, steps in REQUESTS:
        asker = askers[who % len(askers)]
        if TransferRequest.objects.filter(stakeholder=asker, title=title).exists():
            continue
        if whom == RESEARCHER:
            expert = ExpertProfile.objects.filter(person=researcher).first()
        elif whom == "routed":
            expert = None
        else:
            expert = experts[whom % len(experts)] if experts else None
            if expert is not None and expert.person_id == asker.pk:
                expert = experts[(whom + 1) % len(experts)]
        if whom != "routed" and expert is None:
            continue
        with transaction.atomic():
            request = transfer.transfer_request_create(
                by=asker, title=title, question=question, topics=topics, expert=expert
            )
            taker = request.invitations.select_related("profile__person").first().profile.person
            for step in steps:
                if step == "accept":
                    transfer.transfer_accept(request=request, by=taker)
                elif step == "answer":
                    transfer.transfer_answer(
                        request=request,
                        by=taker,
                        answer=ANSWER,
                        link="https://www.example.org/heroes/knowledge-transfer",
                    )
                elif step == "rate":
                    transfer.transfer_rate(
                        request=request, by=asker, rating=4, comment="Useful and to the point."
                    )
                elif step == "decline":
                    for invitation in request.invitations.select_related("profile__person"):
                        transfer.transfer_decline(
                            request=request,
                            by=invitation.profile.person,
                            reason="I am on a field campaign until the summer.",
                        )
                elif step == "withdraw":
                    transfer.transfer_withdraw(request=request, by=asker)
        created += 1
    if stdout and created:
        stdout.write(f"Knowledge transfer: {created} requests.")
    return created
