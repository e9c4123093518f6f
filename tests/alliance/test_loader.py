import json

import pytest
from django.core.management import call_command

from campus.alliance.models import Institution, Region
from campus.alliance.selectors import institution_by_code
from campus.alliance.services import DEFAULT_INSTITUTIONS_PATH, institutions_load

pytestmark = pytest.mark.django_db


def test_load_creates_the_nine_partners_with_their_regions():
    assert institutions_load() == 9

    assert Institution.objects.count() == 9
    assert Institution.objects.values("country").distinct().count() == 9
    thomas_more = Institution.objects.get(slug="thomas-more")
    assert thomas_more.code == "B  GEEL07"
    assert thomas_more.region.code == "BE213"
    assert thomas_more.region.name == "Arr. Turnhout"
    assert thomas_more.languages == ["nl", "en"]


def test_load_keeps_the_2021_nuts_code():
    institutions_load()

    beja = Region.objects.get(code="PT1C2")
    assert beja.code_2021 == "PT184"
    assert beja.country == "PT"


def test_load_twice_changes_nothing():
    institutions_load()
    before = list(Institution.objects.order_by("pk").values())

    assert institutions_load() == 9

    assert list(Institution.objects.order_by("pk").values()) == before
    assert Region.objects.count() == 9


def test_load_updates_a_changed_record(tmp_path):
    institutions_load()
    data = json.loads(DEFAULT_INSTITUTIONS_PATH.read_text(encoding="utf-8"))
    data["institutions"][0]["schac"] = "kempen.thomasmore.be"
    data["institutions"][0]["code"] = "B GEEL07"  # spaced differently: still the same partner
    changed = tmp_path / "institutions.json"
    changed.write_text(json.dumps(data), encoding="utf-8")

    institutions_load(changed)

    assert Institution.objects.count() == 9
    assert Institution.objects.get(slug="thomas-more").schac == "kempen.thomasmore.be"


@pytest.mark.parametrize("code", ["B  GEEL07", "B GEEL07", "b geel07", "B\u00a0 GEEL07"])
def test_thomas_more_is_found_however_its_code_is_spaced(code):
    institutions_load()

    assert institution_by_code(code).short_name == "Thomas More"


def test_an_other_code_finds_the_institution():
    institutions_load()
    Institution.objects.filter(slug="thomas-more").update(other_codes=["B  MECHELE14"])

    assert institution_by_code("B MECHELE14").slug == "thomas-more"


def test_an_unknown_code_raises_does_not_exist():
    institutions_load()

    with pytest.raises(Institution.DoesNotExist):
        institution_by_code("XX NOWHERE01")


def test_management_command_loads_institutions(capsys):
    call_command("load_institutions")

    assert Institution.objects.count() == 9
    assert "Loaded 9 institutions" in capsys.readouterr().out
