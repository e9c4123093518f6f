"""The impact dashboard, the regions side by side, the public page, the exports and
GET /api/v1/impact/indicators, on the constructed alliance of test_indicators.py."""

import csv
import io
from decimal import Decimal

import openpyxl
from defusedxml import ElementTree
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campus.people.models import Person, Role
from tests.factories import PersonFactory
from tests.impact.test_indicators import alliance  # noqa: F401  (the constructed alliance)

API = "/api/v1/impact/indicators"


def _signed_in(client, alliance):  # noqa: F811
    client.force_login(PersonFactory(institution=alliance["geel"], roles=[Role.COORDINATOR]))


def test_the_dashboard_asks_to_sign_in(client, alliance):  # noqa: F811
    response = client.get(reverse("impact:dashboard"))
    assert response.status_code == 302 and "/accounts/" in response["Location"]


def test_the_dashboard_shows_each_chart_with_its_text_alternative_and_table(client, alliance):  # noqa: F811
    _signed_in(client, alliance)

    response = client.get(reverse("impact:dashboard"), {"by": "term"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Impact dashboard" in page
    # The headline: 7 places held, 3 completions, 17 ECTS.
    assert 'data-figure="enrolments"><dt>Enrolments</dt><dd>7</dd>' in page
    assert 'data-figure="ects_awarded"><dt>ECTS awarded</dt><dd>17</dd>' in page
    # The enrolments chart: an image named by its title and described by its summary.
    start = page.index('<section class="impact-chart" id="enrolments"')
    section = page[start : page.index("</section>", start)]
    svg = ElementTree.fromstring(section[section.index("<svg") : section.index("</svg>") + 6])
    assert svg.get("role") == "img"
    ids = svg.get("aria-labelledby").split()
    texts = {el.get("id"): "".join(el.itertext()) for el in svg.iter() if el.get("id") in ids}
    assert any("Autumn 2026" in text and "5" in text for text in texts.values())
    assert "<figcaption" in section and "Spring 2027" in section
    assert '<th scope="row">Autumn 2026</th>' in section


def test_a_filter_changes_the_figures(client, alliance):  # noqa: F811
    _signed_in(client, alliance)

    porto = client.get(reverse("impact:dashboard"), {"region": "PT11"}).content.decode()

    assert 'data-figure="enrolments"><dt>Enrolments</dt><dd>4</dd>' in porto


def test_unknown_filters_are_answered_with_a_message(client, alliance):  # noqa: F811
    _signed_in(client, alliance)

    region = client.get(reverse("impact:dashboard"), {"region": "ZZ99"})
    term = client.get(reverse("impact:dashboard"), {"term": "last-year"})

    assert region.status_code == 404
    assert "There is no region with the NUTS code “ZZ99”" in region.content.decode()
    assert term.status_code == 400
    assert "is not a term" in term.content.decode()


def test_the_regions_side_by_side(client, alliance):  # noqa: F811
    _signed_in(client, alliance)

    response = client.get(reverse("impact:regions"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Antwerpen (BE21)" in page and "Norte (PT11)" in page
    assert "Hovedstaden" not in page  # no partner there
    start = page.index('<th scope="row">Antwerpen (BE21)</th>')
    row = page[start : page.index("</tr>", start)]
    assert '<td data-label="Enrolments">5</td>' in row  # Geel's places, as by institution
    assert 'role="img"' in page


def test_a_table_exports_as_csv_and_round_trips(client, alliance):  # noqa: F811
    _signed_in(client, alliance)

    response = client.get(reverse("impact:export"), {"format": "csv", "table": "enrolments"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="impact-enrolments.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["group", "enrolments", "completions"]
    assert {r[0]: r[1:] for r in rows[1:]} == {"Geel": ["5", "3"], "Porto": ["4", "2"]}


def test_every_table_exports_as_xlsx(client, alliance):  # noqa: F811
    _signed_in(client, alliance)

    response = client.get(reverse("impact:export"), {"format": "xlsx", "by": "institution"})

    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert len(book.sheetnames) == 10  # eight indicator tables, stakeholders, mobility types
    ects = next(book[name] for name in book.sheetnames if name.startswith("ECTS"))
    values = {row[0]: row[1] for row in ects.iter_rows(min_row=2, values_only=True)}
    assert Decimal(str(values["Geel"])) == 17 and Decimal(str(values["Porto"])) == 12


def test_exports_refuse_what_they_cannot_write(client, alliance):  # noqa: F811
    _signed_in(client, alliance)

    several = client.get(reverse("impact:export"), {"format": "csv"})
    unknown = client.get(reverse("impact:export"), {"format": "csv", "table": "nope"})
    pdf = client.get(reverse("impact:export"), {"format": "pdf", "table": "ects"})

    assert several.status_code == 400 and unknown.status_code == 404 and pdf.status_code == 400


def test_the_public_page_names_no_one(client, alliance):  # noqa: F811
    response = client.get(reverse("impact:public"))

    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-figure="enrolments"><dt>Enrolments</dt><dd>7</dd>' in page
    for person in Person.objects.all():
        assert person.display_name not in page
        assert person.email not in page


def test_the_api_gives_the_figures_and_refuses_unknown_filters(client, alliance):  # noqa: F811
    _signed_in(client, alliance)

    found = client.get(API, {"by": "institution", "term": "2026-autumn"}).json()
    by_term = client.get(API, {"by": "term"}).json()
    region = client.get(API, {"region": "ZZ99"})
    term = client.get(API, {"term": "2026"})

    assert found["filters"] == {
        "institution": None, "region": None, "theme": None, "term": "2026-autumn",
        "by": "institution",
    }  # fmt: skip
    assert found["totals"]["enrolments"] == 5
    enrolments = next(t for t in found["tables"] if t["key"] == "enrolments")
    geel = next(r for r in enrolments["rows"] if r["group"] == "Geel")
    assert geel == {"group": "Geel", "code": alliance["geel"].code,
                    "values": {"enrolments": 3.0, "completions": 1.0}}  # fmt: skip
    terms = next(t for t in by_term["tables"] if t["key"] == "enrolments")["rows"]
    assert [(r["group"], r["code"]) for r in terms] == [
        ("Autumn 2026", "2026-autumn"),
        ("Spring 2027", "2027-spring"),
    ]
    assert region.status_code == 404 and "ZZ99" in region.json()["detail"]
    assert term.status_code == 400 and "2026-autumn" in term.json()["detail"]


def test_the_dashboard_asks_a_fixed_number_of_queries(client, alliance):  # noqa: F811
    _signed_in(client, alliance)
    client.get(reverse("impact:dashboard"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("impact:dashboard"))
    for person in PersonFactory.create_batch(5, roles=[Role.STUDENT]):
        from campus.catalog.models import Enrolment

        Enrolment.objects.create(run=alliance["runs"][0], person=person, status="enrolled")
    with CaptureQueriesContext(connection) as more:
        client.get(reverse("impact:dashboard"))
    assert len(more) == len(few)


def test_an_empty_term_says_nothing_was_recorded(client, alliance):  # noqa: F811
    _signed_in(client, alliance)

    response = client.get(reverse("impact:dashboard"), {"term": "2020-spring"})

    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-figure="enrolments"><dt>Enrolments</dt><dd>0</dd>' in page
    assert page.count("Nothing recorded for these filters yet.") == 10
    assert 'role="img"' not in page
