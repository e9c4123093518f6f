"""Credential pages show a skill's name in the reader's language beside the signed one."""

import pytest
from django.urls import reverse

from campus.credentials import services
from campus.skills.models import Skill, SkillLabel

pytestmark = pytest.mark.django_db


@pytest.fixture
def named(passed):
    skill = Skill.objects.get(label="climate risk analysis")
    SkillLabel.objects.create(
        skill=skill, language="de", text="Klimarisiken analysieren", preferred=True
    )
    SkillLabel.objects.create(
        skill=skill, language="nl", text="klimaatrisico's analyseren", preferred=True
    )
    return passed


def test_the_public_page_keeps_the_signed_name_and_adds_the_readers(client, named):
    services.credential_share(credential=named.credential, by=named.student, shared=True)
    url = named.credential.get_absolute_url()
    client.cookies["django_language"] = "de"
    german = client.get(url).content.decode()
    assert "climate risk analysis" in german  # as signed
    assert "(Klimarisiken analysieren)" in german
    client.cookies["django_language"] = "nl"
    assert "(klimaatrisico&#x27;s analyseren)" in client.get(url).content.decode()
    client.cookies["django_language"] = "en"
    assert "(climate risk analysis)" not in client.get(url).content.decode()


def test_the_achievement_page_names_its_skills_in_the_readers_language(client, named):
    client.force_login(named.coordinator)
    client.cookies["django_language"] = "de"
    url = reverse("credentials:achievement", args=[named.credential.achievement.uid])
    page = client.get(url)
    assert page.status_code == 200
    assert "Klimarisiken analysieren" in page.content.decode()
