"""factory_boy factories shared by the whole suite."""

import datetime

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from campus.alliance.models import Institution, Organisation, OrganisationType, Region
from campus.people.models import (
    INSTITUTION_ROLES,
    ORGANISATION_ROLES,
    Affiliation,
    AffiliationState,
    Person,
)
from campus.skills.models import Skill, SkillKind, SkillLabel


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"XX{n:03d}")
    name = factory.Sequence(lambda n: f"Region {n}")
    country = "BE"


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution

    code = factory.Sequence(lambda n: f"B  TEST{n:02d}")
    slug = factory.Sequence(lambda n: f"institution-{n}")
    short_name = factory.Sequence(lambda n: f"Inst {n}")
    name = factory.Sequence(lambda n: f"Institution {n} of Applied Sciences")
    local_name = factory.LazyAttribute(lambda o: o.name)
    country = "BE"
    city = "Geel"
    lat = 51.16
    lon = 4.99
    schac = factory.Sequence(lambda n: f"inst{n}.example")
    website = factory.Sequence(lambda n: f"https://inst{n}.example")
    languages = factory.LazyFunction(lambda: ["nl", "en"])
    region = factory.SubFactory(RegionFactory)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Stakeholder {n}")
    slug = factory.Sequence(lambda n: f"stakeholder-{n}")
    type = OrganisationType.SME
    region = factory.SubFactory(RegionFactory)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@campus.test")
    display_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.django.Password("heroes-demo")

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        # A confirmed address unless told verified=False: only those accounts may act.
        EmailAddress.objects.create(
            user=self, email=self.email, primary=True, verified=extracted is not False
        )

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        # Granted affiliations at the person's institution or organisation, as if someone
        # who may had granted them: a factory's roles mean what a granted role means.
        for role in extracted or ():
            AffiliationFactory(
                person=self,
                role=role,
                institution_id=self.institution_id if role in INSTITUTION_ROLES else None,
                organisation_id=self.organisation_id
                if role in ORGANISATION_ROLES or role == "learner"
                else None,
            )
        self.forget_affiliations()


class AffiliationFactory(factory.django.DjangoModelFactory):
    """A granted affiliation unless told otherwise (state=AffiliationState.REQUESTED ...)."""

    class Meta:
        model = Affiliation

    person = factory.SubFactory(PersonFactory)
    role = "student"
    state = AffiliationState.GRANTED
    decided_at = factory.LazyFunction(timezone.now)


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill
        skip_postgeneration_save = True

    uri = factory.Sequence(lambda n: f"http://data.europa.eu/esco/skill/test-{n:04d}")
    label = factory.Sequence(lambda n: f"skill {n}")
    kind = SkillKind.SKILL

    @factory.post_generation
    def with_label(self, create, extracted, **kwargs):
        SkillLabel.objects.create(skill=self, language="en", text=self.label, preferred=True)


class SkillLabelFactory(factory.django.DjangoModelFactory):
    """An extra label of a skill; save() computes its search_text."""

    class Meta:
        model = SkillLabel

    skill = factory.SubFactory(SkillFactory)
    language = "en"
    text = factory.Sequence(lambda n: f"alternative label {n}")
    preferred = False


class CourseFactory(factory.django.DjangoModelFactory):
    """A published course open to everyone; pass hosts=[...] to choose its institutions."""

    class Meta:
        model = "catalog.Course"
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"TST-{n:04d}")
    type = "course"
    title = factory.Sequence(lambda n: f"Course {n}")
    description = "A course of the alliance."
    ects = 5
    eqf_level = 6
    isced_field = "0788"
    languages = factory.LazyFunction(lambda: ["en"])
    mode = "online"
    workload_hours = 140
    assessment = "project"
    audience = factory.LazyFunction(lambda: ["students", "professionals", "staff"])
    themes = factory.LazyFunction(lambda: ["green"])

    @factory.post_generation
    def hosts(self, create, extracted, **kwargs):
        self.hosts.set(extracted if extracted is not None else [InstitutionFactory()])


class RunFactory(factory.django.DjangoModelFactory):
    """A run whose enrolment window is open today."""

    class Meta:
        model = "catalog.Run"

    course = factory.SubFactory(CourseFactory)
    label = factory.Sequence(lambda n: f"Term {n}")
    starts_on = factory.LazyFunction(lambda: _today() + datetime.timedelta(days=30))
    ends_on = factory.LazyFunction(lambda: _today() + datetime.timedelta(days=120))
    enrolment_opens = factory.LazyFunction(lambda: _today() - datetime.timedelta(days=10))
    enrolment_closes = factory.LazyFunction(lambda: _today() + datetime.timedelta(days=20))
    capacity = 30
    location = ""


def _today():
    from django.utils import timezone

    return timezone.localdate()


class ProgrammeFactory(factory.django.DjangoModelFactory):
    """A joint minor; pass institutions=[...] to choose who offers it."""

    class Meta:
        model = "catalog.Programme"
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"PRG-{n:03d}")
    kind = "minor"
    title = factory.Sequence(lambda n: f"Joint minor {n}")
    description = "A joint minor of the alliance."
    ects_total = 30
    eqf_level = 6

    @factory.post_generation
    def institutions(self, create, extracted, **kwargs):
        if create and extracted:
            self.institutions.set(extracted)


def skill_named(label: str, **names) -> Skill:
    """A skill with its English label and, per language code, a preferred label or a list whose
    first item is preferred and the rest alternative: skill_named("energy", de=["Energie", "Strom"])."""
    skill = SkillFactory(label=label)
    for language, texts in names.items():
        texts = [texts] if isinstance(texts, str) else texts
        for position, text in enumerate(texts):
            SkillLabel.objects.create(
                skill=skill, language=language, text=text, preferred=position == 0
            )
    return skill
