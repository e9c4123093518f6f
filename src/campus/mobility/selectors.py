"""Reads of mobility: opportunities with their filters, the applications and learning agreements
a person may see, each coordinator's queue and a learner's overview. Visibility is the same
as ``permissions`` says, written as queries."""

import datetime
from dataclasses import asdict, dataclass, field, replace

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy

from campus.alliance.models import Institution
from campus.permissions import is_alliance_admin

from . import travel
from .models import (
    TRAVEL_MODE_LABELS,
    Application,
    ApplicationState,
    Component,
    LearningAgreement,
    LearningAgreementVersion,
    Opportunity,
    OpportunityKind,
    Signature,
    SignatureRole,
    VersionStatus,
)
from .permissions import coordinated_institution_ids, signing_roles


def opportunities_search(
    *,
    kind: str = "",
    host_id: int | None = None,
    language: str = "",
    eqf_level: int | None = None,
    isced_field: str = "",
    open_on: datetime.date | None = None,
) -> QuerySet[Opportunity]:
    """Published opportunities matching the filters, the soonest first (one query)."""
    found = Opportunity.objects.filter(published=True).select_related("host")
    if kind:
        found = found.filter(kind=kind)
    if host_id:
        found = found.filter(host_id=host_id)
    if language:
        found = found.filter(language=language.lower())
    if open_on:
        found = found.filter(application_deadline__gte=open_on)
    opportunities = found.order_by("starts_on", "title", "pk")
    if eqf_level is None and not isced_field:
        return opportunities
    # JSON lists are filtered in Python: the lists are short and the back ends differ.
    keep = [
        pk
        for pk, levels, fields in opportunities.values_list("pk", "eqf_levels", "isced_fields")
        if (eqf_level is None or not levels or eqf_level in levels)
        and (
            not isced_field
            or not fields
            or any(isced_field.startswith(f) or f.startswith(isced_field) for f in fields)
        )
    ]
    return opportunities.filter(pk__in=keep)


def opportunity_detail(pk: int) -> Opportunity:
    """An opportunity with its host and linked courses."""
    return Opportunity.objects.select_related("host").prefetch_related("courses").get(pk=pk)


def applications_visible_to(user) -> QuerySet[Application]:
    """The applications the user may see: their own, their home institution's, and those
    nominated for their host institution."""
    found = Application.objects.select_related("person", "home", "opportunity__host")
    if is_alliance_admin(user):
        return found
    coordinated = coordinated_institution_ids(user)
    return found.filter(
        Q(person_id=user.pk)
        | Q(home_id__in=coordinated)
        | (
            Q(opportunity__host_id__in=coordinated)
            & ~Q(state__in=[ApplicationState.SUBMITTED, ApplicationState.NOT_NOMINATED])
        )
    )


def agreements_visible_to(user) -> QuerySet[LearningAgreement]:
    """The learning agreements the user may see: their own and their institutions'."""
    found = LearningAgreement.objects.select_related(
        "student", "sending", "receiving", "opportunity"
    )
    if is_alliance_admin(user):
        return found
    coordinated = coordinated_institution_ids(user)
    return found.filter(
        Q(student_id=user.pk) | Q(sending_id__in=coordinated) | Q(receiving_id__in=coordinated)
    )


def agreements_detailed(user) -> QuerySet[LearningAgreement]:
    """The agreements the user may see, each with every version, component and signature
    (four queries however many)."""
    return _detailed(agreements_visible_to(user))


def agreements_detailed_all() -> QuerySet[LearningAgreement]:
    """Every agreement, detailed as ``agreements_detailed`` (the demo's checks, exports)."""
    return _detailed(
        LearningAgreement.objects.select_related("student", "sending", "receiving", "opportunity")
    )


def _detailed(agreements: QuerySet[LearningAgreement]) -> QuerySet[LearningAgreement]:
    return agreements.select_related(
        "sending_contact", "receiving_contact", "application"
    ).prefetch_related(
        Prefetch(
            "versions",
            queryset=LearningAgreementVersion.objects.select_related("proposed_by")
            .prefetch_related(
                Prefetch("components", queryset=Component.objects.select_related("course")),
                Prefetch("signatures", queryset=Signature.objects.select_related("person")),
            )
            .order_by("number"),
        )
    )


def agreement_detail(agreement_id: int, user) -> LearningAgreement:
    """One agreement the user may see, with every version, component and signature (four
    queries); LearningAgreement.DoesNotExist when they may not see it."""
    return agreements_detailed(user).get(pk=agreement_id)


def current_version(agreement: LearningAgreement) -> LearningAgreementVersion | None:
    """The latest version (what is signed next), from the prefetched versions when present."""
    versions = list(agreement.versions.all())
    return max(versions, key=lambda v: v.number) if versions else None


def approved_version(agreement: LearningAgreement) -> LearningAgreementVersion | None:
    """The latest version all three parties signed."""
    approved = [v for v in agreement.versions.all() if v.status == VersionStatus.APPROVED]
    return max(approved, key=lambda v: v.number) if approved else None


def missing_signatures(version: LearningAgreementVersion) -> list[str]:
    """The roles that have not signed this version yet, in signing order."""
    signed = {s.role for s in version.signatures.all()}
    return [role for role in SignatureRole.values if role not in signed]


@dataclass
class Queue:
    """What awaits a coordinator: applications to nominate or decide, agreements to sign."""

    to_nominate: list[Application] = field(default_factory=list)
    to_decide: list[Application] = field(default_factory=list)
    to_sign: list[tuple[LearningAgreement, LearningAgreementVersion, str]] = field(
        default_factory=list
    )
    to_recognise: list[LearningAgreement] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.to_nominate or self.to_decide or self.to_sign or self.to_recognise)


def coordinator_queue(user) -> Queue:
    """The coordinator's queue, for the institutions where they are coordinator (four queries)."""
    coordinated = coordinated_institution_ids(user)
    queue = Queue()
    if not coordinated:
        return queue
    applications = Application.objects.select_related("person", "home", "opportunity__host")
    queue.to_nominate = list(
        applications.filter(home_id__in=coordinated, state=ApplicationState.SUBMITTED)
    )
    queue.to_decide = list(
        applications.filter(opportunity__host_id__in=coordinated, state=ApplicationState.NOMINATED)
    )
    agreements = (
        LearningAgreement.objects.filter(
            Q(sending_id__in=coordinated) | Q(receiving_id__in=coordinated)
        )
        .select_related("student", "sending", "receiving")
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=LearningAgreementVersion.objects.prefetch_related("signatures"),
            ),
            "recognition",
        )
    )
    for agreement in agreements:
        version = current_version(agreement)
        if version is not None and version.status == VersionStatus.PENDING:
            missing = missing_signatures(version)
            for role in signing_roles(user, agreement):
                if role != SignatureRole.STUDENT and role in missing:
                    queue.to_sign.append((agreement, version, role))
        if (
            agreement.sending_id in coordinated
            and approved_version(agreement) is not None
            and not is_recognised(agreement)
            and agreement.ends_on <= timezone.localdate()
        ):
            queue.to_recognise.append(agreement)
    return queue


def is_recognised(agreement: LearningAgreement) -> bool:
    """True once the home institution recognised the mobility."""
    try:
        return agreement.recognition is not None
    except LearningAgreement.recognition.RelatedObjectDoesNotExist:
        return False


@dataclass
class Overview:
    """A learner's mobility: their applications and their learning agreements."""

    applications: list[Application]
    agreements: list[LearningAgreement]


def learner_overview(person) -> Overview:
    """The person's own applications and agreements, the newest first (three queries)."""
    return Overview(
        applications=list(
            Application.objects.filter(person=person).select_related("opportunity__host", "home")
        ),
        agreements=list(
            LearningAgreement.objects.filter(student=person)
            .select_related("sending", "receiving", "opportunity")
            .prefetch_related(
                Prefetch(
                    "versions",
                    queryset=LearningAgreementVersion.objects.prefetch_related("signatures"),
                )
            )
        ),
    )


# --- green travel ------------------------------------------------------------------------------

MODE_LABELS = TRAVEL_MODE_LABELS
ALTERNATIVE_LABELS = {
    travel.VIRTUAL: gettext_lazy("Virtual mobility"),
    travel.BLENDED: gettext_lazy("Blended mobility (one physical phase)"),
}


def travel_between(
    home: Institution,
    host: Institution,
    *,
    mode: str | None = None,
    long_term: bool = False,
    call_year: int | None = None,
) -> dict:
    """The estimate between two institutions as plain data, its modes and alternatives
    labelled in the reader's language; TravelInputError for a call year the campus lacks."""
    estimate = travel.travel_estimate(
        home.lat, home.lon, host.lat, host.lon, mode=mode, long_term=long_term, call_year=call_year
    )
    found = asdict(estimate)
    found["distance_km"] = round(estimate.distance_km, 1)
    for entry in found["modes"]:
        entry["label"] = str(MODE_LABELS.get(entry["mode"], entry["mode"]))
        for key in ("travelled_km", "co2e_kg", "avoided_kg"):
            entry[key] = round(entry[key], 1)
    for entry in found["alternatives"]:
        entry["label"] = str(ALTERNATIVE_LABELS.get(entry["kind"], entry["kind"]))
        for key in ("co2e_kg", "avoided_kg"):
            entry[key] = round(entry[key], 1)
    for key, place in (("from", home), ("to", host)):
        found[key] = {
            "code": place.code,
            "name": place.name,
            "city": place.city,
            "country": place.country,
        }
    return found


def travel_for(agreement: LearningAgreement) -> dict | None:
    """The travel options of an agreement's mobility (a semester counts as long-term, for the
    green top-up), by its declared way of travelling if any, whose entry is also under
    ``declared``; None for a virtual exchange, which travels nowhere."""
    kind = agreement.opportunity.kind if agreement.opportunity_id else None
    if kind == OpportunityKind.VIRTUAL:
        return None
    found = travel_between(
        agreement.sending,
        agreement.receiving,
        mode=agreement.travel_mode or None,
        long_term=kind == OpportunityKind.SEMESTER,
    )
    found["declared"] = next(
        (entry for entry in found["modes"] if entry["mode"] == agreement.travel_mode), None
    )
    return found


# How each kind of opportunity travels, for the totals: a blended intensive programme once
# for its physical phase, a virtual exchange not at all, the others there and back.
TRIP_FORMATS = {OpportunityKind.VIRTUAL: travel.VIRTUAL, OpportunityKind.BLENDED: travel.BLENDED}


def travel_totals(agreements: QuerySet[LearningAgreement]) -> travel.TravelTotal:
    """CO2e emitted and avoided by the mobilities of ``agreements`` (one query).

    The agreements are counted in the database by (sending, receiving, kind of opportunity,
    declared way of travelling); each group is one travel.Trip of that many travellers: by
    the declared mode, or the usual way (plane or car by distance) when none is declared; one
    round trip each, a semester included (as travel_for: being long-term changes its travel
    support, not its journeys). Agreements without an opportunity (imported through EWP with
    no campus opportunity: their format is not known) are left out, and so would be those
    whose institutions lack coordinates. ``mobilities`` and ``travellers`` both count the
    agreements, each one person's mobility."""
    groups = (
        agreements.filter(opportunity__isnull=False)
        .order_by()  # the model's ordering would split the groups
        .values(
            "sending_id",
            "receiving_id",
            "opportunity__kind",
            "travel_mode",
            "sending__lat",
            "sending__lon",
            "receiving__lat",
            "receiving__lon",
        )
        .annotate(n=Count("pk"))
        .order_by("sending_id", "receiving_id", "opportunity__kind", "travel_mode")
    )
    trips = []
    for group in groups:
        points = (
            group["sending__lat"],
            group["sending__lon"],
            group["receiving__lat"],
            group["receiving__lon"],
        )
        if None in points:
            continue
        format_ = TRIP_FORMATS.get(group["opportunity__kind"], travel.PHYSICAL)
        trips.append(
            travel.Trip(
                *points,
                format=format_,
                mode=(group["travel_mode"] or None) if format_ != travel.VIRTUAL else None,
                travellers=group["n"],
            )
        )
    total = travel.travel_total(trips)
    # travel_total counts a Trip as one mobility; here a Trip is a group of agreements, each
    # one person's mobility.
    by_format = dict.fromkeys(travel.FORMATS, 0)
    for trip in trips:
        by_format[trip.format] += trip.travellers
    return replace(total, mobilities=sum(by_format.values()), mobilities_by_format=by_format)
