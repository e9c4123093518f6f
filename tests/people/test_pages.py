import pytest
from django.core import mail

from campus.people.models import ApiToken, PersonLanguage, Role
from tests.factories import InstitutionFactory, PersonFactory, SkillFactory

pytestmark = pytest.mark.django_db


def test_password_reset_sends_an_email(client):
    PersonFactory(email="a@campus.test")
    response = client.post("/accounts/password_reset/", {"email": "a@campus.test"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/reset/" in mail.outbox[0].body


def test_profile_edit_saves_and_shows_the_profile(client):
    person = PersonFactory(institution=InstitutionFactory(), roles=[Role.STUDENT])
    client.force_login(person)
    response = client.post(
        "/people/me/edit/",
        {
            "display_name": "New Name",
            "themes": ["nature"],
            "hours_per_week": 4,
            "bio": "I map wetlands.",
            "visibility": "public",
        },
    )
    assert response.status_code == 302
    page = client.get("/people/me/").content.decode()
    assert "New Name" in page
    assert "I map wetlands." in page
    assert "Resilience of nature" in page


def test_language_with_an_unknown_level_is_a_form_error(client):
    person = PersonFactory()
    client.force_login(person)
    client.post("/people/me/languages/add/", {"language": "nl", "level": "Z9"}, follow=True)
    assert not PersonLanguage.objects.exists()


def test_skill_autocomplete_and_add(client):
    person = PersonFactory()
    skill = SkillFactory(label="manage wetland restoration")
    client.force_login(person)
    fragment = client.get(
        "/people/me/skills/search/", {"q": "wetl"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "manage wetland restoration" in fragment
    client.post("/people/me/skills/add/", {"skill": skill.uri, "proficiency": "3"})
    assert person.skills.get().proficiency == 3
    assert "manage wetland restoration" in client.get("/people/me/").content.decode()


def test_adding_an_unknown_skill_says_so(client):
    person = PersonFactory()
    client.force_login(person)
    response = client.post(
        "/people/me/skills/add/", {"skill": "http://x/unknown", "proficiency": "2"}, follow=True
    )
    assert "Unknown skill" in response.content.decode()
    assert not person.skills.exists()


def test_token_page_creates_lists_and_revokes(client):
    person = PersonFactory()
    client.force_login(person)
    page = client.post("/people/me/tokens/", {"name": "grading script"}).content.decode()
    token = ApiToken.objects.get(person=person)
    assert "grading script" in page
    assert "copy it now" in page
    client.post(f"/people/me/tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_someone_elses_token_cannot_be_revoked(client):
    owner, other = PersonFactory(), PersonFactory()
    from campus.people import services

    token, _secret = services.api_token_create(person=owner, name="mine", by=owner)
    client.force_login(other)
    assert client.post(f"/people/me/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


@pytest.mark.parametrize(
    ("visibility", "anonymous", "member"),
    [("public", 200, 200), ("members", 404, 200), ("private", 404, 404)],
)
def test_profile_visibility(client, visibility, anonymous, member):
    person = PersonFactory(visibility=visibility)
    assert client.get(f"/people/{person.pk}/").status_code == anonymous
    client.force_login(PersonFactory())
    assert client.get(f"/people/{person.pk}/").status_code == member


def test_a_coordinator_sees_only_their_own_people_in_the_back_office(client):
    own, other = InstitutionFactory(), InstitutionFactory()
    coordinator = PersonFactory(institution=own, roles=[Role.COORDINATOR], is_staff=True)
    colleague = PersonFactory(institution=own, display_name="Own Colleague")
    stranger = PersonFactory(institution=other, display_name="Other Stranger")
    client.force_login(coordinator)
    listing = client.get("/admin/people/person/").content.decode()
    assert colleague.email in listing
    assert stranger.email not in listing
    assert client.get(f"/admin/people/person/{stranger.pk}/change/").status_code in (302, 403, 404)
    response = client.post(
        f"/admin/people/person/{colleague.pk}/change/", {"display_name": "Hacked"}
    )
    assert response.status_code == 403
    colleague.refresh_from_db()
    assert colleague.display_name == "Own Colleague"


def test_notifications_are_listed_counted_and_marked_read(client):
    from campus.people.models import Notification
    from campus.people.services import notify

    person = PersonFactory()
    notify(person=person, message="Your challenge was approved.", url="/challenges/1/", email=False)
    client.force_login(person)
    home = client.get("/").content.decode()
    assert '<span class="badge">1' in home
    page = client.get("/people/me/notifications/").content.decode()
    assert "Your challenge was approved." in page
    client.post("/people/me/notifications/")
    assert not Notification.objects.filter(person=person, read_at__isnull=True).exists()
    assert '<span class="badge">' not in client.get("/").content.decode()


def test_nobody_marks_someone_elses_notifications():
    from django.core.exceptions import PermissionDenied

    from campus.people.services import notifications_mark_read, notify

    person, other = PersonFactory(), PersonFactory()
    notify(person=person, message="Hello", email=False)
    with pytest.raises(PermissionDenied):
        notifications_mark_read(person=person, by=other)


def test_a_stated_gender_is_saved_and_shown_to_nobody_else(client):
    person = PersonFactory(institution=InstitutionFactory(), roles=[Role.STUDENT])
    client.force_login(person)
    form = client.get("/people/me/edit/").content.decode()
    assert "Gender (optional, private)" in form and "Nobody else sees it" in form
    client.post(
        "/people/me/edit/",
        {
            "display_name": person.display_name,
            "hours_per_week": 4,
            "bio": "",
            "visibility": "public",
            "gender": "f",
        },
    )
    person.refresh_from_db()
    assert person.gender == "f"
    client.force_login(PersonFactory())
    page = client.get(f"/people/{person.pk}/").content.decode()
    assert person.display_name in page and "Woman" not in page
