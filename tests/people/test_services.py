import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from campus.people import services
from campus.people.models import ApiToken, Person, PersonLanguage, PersonSkill, Role
from tests.factories import InstitutionFactory, OrganisationFactory, PersonFactory, SkillFactory

pytestmark = pytest.mark.django_db


def test_person_create_signs_up_a_student_with_roles():
    institution = InstitutionFactory()
    person = services.person_create(
        email="New.Student@Example.EU",
        display_name=" Nora ",
        password="a-long-passphrase",
        roles=[Role.STUDENT],
        institution=institution,
    )
    assert person.email == "new.student@example.eu"
    assert person.display_name == "Nora"
    assert person.check_password("a-long-passphrase")
    # A learner at once; being a student of the institution waits for its coordinators.
    assert person.role_codes == {Role.LIFELONG_LEARNER}
    assert person.institution_id is None
    asked = person.affiliations.get(role=Role.STUDENT)
    assert (asked.state, asked.institution) == ("requested", institution)


def test_person_create_rejects_a_duplicate_email_whatever_its_case():
    PersonFactory(email="taken@example.eu")
    with pytest.raises(ValidationError) as error:
        services.person_create(
            email="TAKEN@example.eu",
            display_name="X",
            password="pw-123456789",
            roles=[Role.LIFELONG_LEARNER],
        )
    assert "already exists" in str(error.value)
    assert Person.objects.filter(email__iexact="taken@example.eu").count() == 1


def test_person_create_refuses_privileged_roles_at_sign_up():
    institution = InstitutionFactory()
    with pytest.raises(ValidationError, match="administrator"):
        services.person_create(
            email="x@example.eu",
            display_name="X",
            password="pw-123456789",
            roles=[Role.COORDINATOR],
            institution=institution,
        )
    assert not Person.objects.filter(email="x@example.eu").exists()


def test_an_administrator_appoints_a_coordinator():
    admin = PersonFactory(roles=[Role.ADMIN])
    institution = InstitutionFactory()
    person = services.person_create(
        email="coord@example.eu",
        display_name="C",
        password="pw-123456789",
        roles=[Role.COORDINATOR],
        institution=institution,
        by=admin,
    )
    assert person.has_role(Role.COORDINATOR)


def test_a_stakeholder_names_their_organisation():
    with pytest.raises(ValidationError, match="organisation"):
        services.person_create(
            email="s@example.eu",
            display_name="S",
            password="pw-123456789",
            roles=[Role.STAKEHOLDER],
        )
    person = services.person_create(
        email="s@example.eu",
        display_name="S",
        password="pw-123456789",
        roles=[Role.STAKEHOLDER],
        organisation=OrganisationFactory(),
    )
    assert person.affiliations.get(role=Role.STAKEHOLDER).state == "requested"
    assert person.organisation is None  # nothing is granted by signing up


def test_skill_set_rejects_an_unknown_skill_uri_and_writes_nothing():
    person = PersonFactory()
    with pytest.raises(ValidationError, match="Unknown skill"):
        services.person_skill_set(
            person=person,
            skill_uri="http://data.europa.eu/esco/skill/nope",
            proficiency=2,
            by=person,
        )
    assert not PersonSkill.objects.exists()


@pytest.mark.parametrize("proficiency", [0, 5, True])
def test_skill_set_rejects_a_proficiency_out_of_range(proficiency):
    person = PersonFactory()
    skill = SkillFactory()
    with pytest.raises(ValidationError, match="Proficiency"):
        services.person_skill_set(
            person=person, skill_uri=skill.uri, proficiency=proficiency, by=person
        )
    assert not PersonSkill.objects.exists()


def test_skill_set_adds_then_updates_the_proficiency():
    person = PersonFactory()
    skill = SkillFactory()
    services.person_skill_set(person=person, skill_uri=skill.uri, proficiency=2, by=person)
    services.person_skill_set(person=person, skill_uri=skill.uri, proficiency=4, by=person)
    assert list(person.skills.values_list("proficiency", flat=True)) == [4]


@pytest.mark.parametrize("level", ["D1", "c1", "", "fluent"])
def test_language_level_out_of_cefr_is_refused(level):
    person = PersonFactory()
    with pytest.raises(ValidationError, match="A1, A2"):
        services.person_language_set(person=person, language="nl", level=level, by=person)
    assert not PersonLanguage.objects.exists()


def test_languages_replace_is_all_or_nothing():
    person = PersonFactory()
    services.person_language_set(person=person, language="nl", level="native", by=person)
    with pytest.raises(ValidationError):
        services.person_languages_replace(
            person=person, languages={"en": "C1", "xx": "B2"}, by=person
        )
    assert list(person.languages.values_list("language", "level")) == [("nl", "native")]


def test_nobody_changes_another_persons_profile():
    person, other = PersonFactory(), PersonFactory()
    with pytest.raises(PermissionDenied):
        services.person_update(person=person, by=other, display_name="Hacked")
    person.refresh_from_db()
    assert person.display_name != "Hacked"


def test_a_coordinator_edits_people_of_their_institution_only():
    own, other = InstitutionFactory(), InstitutionFactory()
    coordinator = PersonFactory(institution=own, roles=[Role.COORDINATOR])
    colleague = PersonFactory(institution=own)
    stranger = PersonFactory(institution=other)
    services.person_update(person=colleague, by=coordinator, hours_per_week=5)
    with pytest.raises(PermissionDenied):
        services.person_update(person=stranger, by=coordinator, hours_per_week=5)
    stranger.refresh_from_db()
    assert stranger.hours_per_week == 0


def test_person_update_rejects_unknown_themes():
    person = PersonFactory()
    with pytest.raises(ValidationError, match="Unknown theme"):
        services.person_update(person=person, by=person, themes=["green", "astrology"])
    person.refresh_from_db()
    assert person.themes == []


def test_tokens_are_stored_hashed_and_revocable():
    person = PersonFactory()
    token, secret = services.api_token_create(person=person, name="script", by=person)
    assert secret.startswith("hvc_")
    stored = ApiToken.objects.get(pk=token.pk)
    assert secret not in (stored.digest, stored.prefix)
    assert stored.digest != secret
    services.api_token_revoke(token=stored, by=person)
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None


def test_nobody_revokes_another_persons_token():
    person, other = PersonFactory(), PersonFactory()
    token, _secret = services.api_token_create(person=person, name="script", by=person)
    with pytest.raises(PermissionDenied):
        services.api_token_revoke(token=token, by=other)
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None


def test_a_token_needs_a_name():
    person = PersonFactory()
    with pytest.raises(ValidationError, match="name"):
        services.api_token_create(person=person, name="  ", by=person)
    assert not ApiToken.objects.exists()


def test_only_the_person_states_their_gender():
    own = InstitutionFactory()
    coordinator = PersonFactory(institution=own, roles=[Role.COORDINATOR])
    colleague = PersonFactory(institution=own)
    with pytest.raises(PermissionDenied, match="themself"):
        services.person_update(person=colleague, by=coordinator, gender="f")
    services.person_update(person=colleague, by=colleague, gender="x")
    colleague.refresh_from_db()
    assert colleague.gender == "x"
    with pytest.raises(ValidationError):
        services.person_update(person=colleague, by=colleague, gender="q")
