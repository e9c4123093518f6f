import contextlib
import json
import xml.etree.ElementTree as ET  # noqa: S405 - parses only SVGs these tests made

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openbadgeslib import baking as third_party

from campus.credentials.vc.baking import (
    MAX_SVG_BYTES,
    OPENBADGES_NS,
    SVG_NS,
    badge_svg,
    bake_svg,
    unbake_svg,
)

CREDENTIAL = {
    "@context": [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ],
    "id": "https://campus.example/credentials/1",
    "type": ["VerifiableCredential", "OpenBadgeCredential"],
    "issuer": {"id": "did:web:campus.example", "type": ["Profile"], "name": "HEROES"},
    "validFrom": "2025-01-01T00:00:00Z",
    "name": "Data Stewardship — Grundlagen, Ελληνικά, 🎓",
    "credentialSubject": {
        "type": ["AchievementSubject"],
        "achievement": {"criteria": {"narrative": "Passed <the> exam & the ]]> project"}},
    },
}

PLAIN_SVG = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    "<!-- made by hand -->\n"
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
    'viewBox="0 0 10 10">\n  <rect width="10" height="10" fill="#123456"/>\n</svg>\n'
)


def _root(svg: str) -> ET.Element:
    return ET.fromstring(svg.encode())  # noqa: S314 - an SVG these tests made


def test_round_trip():
    baked = bake_svg(PLAIN_SVG, CREDENTIAL)
    assert unbake_svg(baked) == CREDENTIAL
    assert unbake_svg(baked.encode("utf-8")) == CREDENTIAL


def test_baked_svg_follows_the_open_badges_3_convention():
    baked = bake_svg(PLAIN_SVG, CREDENTIAL)
    # the namespace is declared on the <svg> root ...
    assert f'<svg xmlns:openbadges="{OPENBADGES_NS}" xmlns="{SVG_NS}"' in baked
    assert OPENBADGES_NS == "https://purl.imsglobal.org/ob/v3p0"
    # ... and the credential element comes directly after the <svg> tag, JSON in CDATA
    assert 'viewBox="0 0 10 10"><openbadges:credential><![CDATA[{' in baked
    root = _root(baked)
    first = root[0]
    assert first.tag == f"{{{OPENBADGES_NS}}}credential"
    assert "verify" not in first.attrib
    assert json.loads(first.text) == CREDENTIAL


def test_baking_keeps_the_rest_of_the_image_as_it_was():
    baked = bake_svg(PLAIN_SVG, CREDENTIAL)
    start = baked.index("<openbadges:credential>")
    end = baked.index("</openbadges:credential>") + len("</openbadges:credential>")
    without = baked[:start] + baked[end:]
    assert without == PLAIN_SVG.replace("<svg ", f'<svg xmlns:openbadges="{OPENBADGES_NS}" ')


def test_cdata_terminator_inside_the_json_is_split():
    baked = bake_svg(PLAIN_SVG, {"note": "a]]>b]]>c", "also": "]]"})
    assert "a]]]]><![CDATA[>b" in baked
    assert unbake_svg(baked) == {"note": "a]]>b]]>c", "also": "]]"}


def test_characters_xml_cannot_carry_are_escaped_in_the_json():
    credential = {"odd": "\ufffe\uffff", "astral": "𝄞", "surrogate": "\ud800"}
    assert unbake_svg(bake_svg(PLAIN_SVG, credential)) == credential


def test_rebaking_replaces_the_old_credential():
    first = bake_svg(PLAIN_SVG, CREDENTIAL)
    second = bake_svg(first, {"id": "urn:uuid:second"})
    assert second.count("openbadges:credential") == 2  # one open, one close tag
    assert second.count("xmlns:openbadges") == 1
    assert unbake_svg(second) == {"id": "urn:uuid:second"}
    assert bake_svg(second, CREDENTIAL) == first


def test_rebaking_removes_every_old_credential_wherever_it_is_and_whatever_its_prefix():
    svg = (
        f'<svg xmlns="{SVG_NS}"><g><ob:credential xmlns:ob="{OPENBADGES_NS}" '
        'verify="a.b.c"/></g><credential>not ours</credential>'
        f'<openbadges:credential xmlns:openbadges="{OPENBADGES_NS}">'
        '<![CDATA[{"old": 1}]]></openbadges:credential></svg>'
    )
    baked = bake_svg(svg, {"new": 1})
    root = _root(baked)
    found = list(root.iter(f"{{{OPENBADGES_NS}}}credential"))
    assert len(found) == 1 and found[0] is root[0]
    assert "<credential>not ours</credential>" in baked
    assert unbake_svg(baked) == {"new": 1}


def test_bakes_into_a_self_closing_or_prefixed_svg_root():
    for svg in (f'<svg xmlns="{SVG_NS}"/>', f'<s:svg xmlns:s="{SVG_NS}"><s:g/></s:svg>'):
        baked = bake_svg(svg, CREDENTIAL)
        assert unbake_svg(baked) == CREDENTIAL
        assert _root(baked)[0].tag == f"{{{OPENBADGES_NS}}}credential"


def test_a_prefix_bound_elsewhere_is_refused():
    svg = f'<svg xmlns="{SVG_NS}" xmlns:openbadges="http://openbadges.org"/>'
    with pytest.raises(ValueError, match="binds the prefix 'openbadges'"):
        bake_svg(svg, CREDENTIAL)


def test_unbake_reads_the_specification_example_layout():
    svg = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="{SVG_NS}"\n  xmlns:openbadges="{OPENBADGES_NS}"\n  viewBox="0 0 512 512">\n'
        "  <openbadges:credential>\n    <![CDATA[\n"
        '      {"id": "http://example.edu/credentials/3732", "type": ["VerifiableCredential"]}\n'
        "    ]]>\n  </openbadges:credential>\n\n  <!-- rest-of-image -->\n</svg>\n"
    )
    assert unbake_svg(svg)["id"] == "http://example.edu/credentials/3732"


def test_unbake_reads_a_latin1_declared_file_given_as_bytes():
    svg = (
        f'<?xml version="1.0" encoding="ISO-8859-1"?><svg xmlns="{SVG_NS}" '
        f'xmlns:openbadges="{OPENBADGES_NS}"><openbadges:credential>'
        '{"name": "Grundkurs Ökologie"}</openbadges:credential></svg>'
    )
    assert unbake_svg(svg.encode("latin-1")) == {"name": "Grundkurs Ökologie"}


def test_another_implementation_reads_our_baked_svg():
    baked = bake_svg(PLAIN_SVG, CREDENTIAL).encode()
    text = third_party.extract_svg(baked, element=third_party.SVG_ELEMENT_OB3, text_fallback=True)
    assert json.loads(text) == CREDENTIAL


def test_we_read_an_svg_baked_by_another_implementation():
    baked = third_party.bake_svg(
        PLAIN_SVG.encode(),
        json.dumps(CREDENTIAL),
        element=third_party.SVG_ELEMENT_OB3,
        namespace=third_party.SVG_NS_OB3,
        as_text=True,
    )
    assert unbake_svg(baked) == CREDENTIAL


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">'
    '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">'
    '<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>'
    f'<svg xmlns="{SVG_NS}" xmlns:openbadges="{OPENBADGES_NS}">'
    '<openbadges:credential>{"x": "&d;"}</openbadges:credential></svg>'
)
XXE = (
    '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
    f'<svg xmlns="{SVG_NS}" xmlns:openbadges="{OPENBADGES_NS}">'
    '<openbadges:credential>{"x": "&secret;"}</openbadges:credential></svg>'
)
EXTERNAL_DTD = (
    '<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
    '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">'
    f'<svg xmlns="{SVG_NS}"/>'
)


def _ob(body: str, attributes: str = "") -> str:
    return (
        f'<svg xmlns="{SVG_NS}" xmlns:openbadges="{OPENBADGES_NS}">'
        f"<openbadges:credential{attributes}>{body}</openbadges:credential></svg>"
    )


@pytest.mark.parametrize(
    ("svg", "message"),
    [
        (PLAIN_SVG, "no Open Badges credential in this SVG"),
        (BILLION_LAUGHS, "DTD"),
        (XXE, "DTD"),
        (EXTERNAL_DTD, "DTD"),
        ("", "not a well-formed"),
        ("not xml at all", "not a well-formed"),
        ("<svg><unclosed></svg>", "not a well-formed"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a well-formed|cannot be read"),
        (b"\xff\xfe\x00<\x00s", "not a well-formed|cannot be read"),
        ('<?xml version="1.0" encoding="klingon"?><svg/>', "not a well-formed|cannot be read"),
        ("<html><body>hi</body></html>", "not an SVG image"),
        ("<svg><g/></svg>", "not an SVG image"),  # no SVG namespace
        (_ob(""), "is empty"),
        (_ob("   \n "), "is empty"),
        (_ob("{not json"), "not valid JSON"),
        (_ob("[1, 2]"), "not a JSON object"),
        (_ob('"a string"'), "not a JSON object"),
        (_ob("[" * 100_000 + "]" * 100_000), "nested too deeply|not valid JSON"),
        (_ob("", ' verify="header.payload.signature"'), "VC-JWT"),
    ],
)
def test_garbage_and_malicious_svgs_are_a_value_error(svg, message):
    with pytest.raises(ValueError, match=message):
        unbake_svg(svg)


@pytest.mark.parametrize("svg", [BILLION_LAUGHS, XXE, EXTERNAL_DTD, "", "<svg", "<html/>"])
def test_baking_into_a_malicious_or_broken_svg_is_a_value_error(svg):
    with pytest.raises(ValueError):
        bake_svg(svg, CREDENTIAL)


def test_oversized_svgs_are_refused():
    huge = f'<svg xmlns="{SVG_NS}">' + " " * MAX_SVG_BYTES + "</svg>"
    with pytest.raises(ValueError, match="larger than"):
        unbake_svg(huge)
    with pytest.raises(ValueError, match="larger than"):
        bake_svg(huge, CREDENTIAL)


def test_only_a_dict_can_be_baked():
    with pytest.raises(TypeError):
        bake_svg(PLAIN_SVG, json.dumps(CREDENTIAL))


def test_badge_svg_is_an_accessible_svg_image():
    svg = badge_svg("Data Stewardship", "HEROES micro-credential", "#1f6feb")
    root = _root(svg)
    assert root.tag == f"{{{SVG_NS}}}svg"
    assert root.get("role") == "img"
    title = root.find(f"{{{SVG_NS}}}title")
    assert title is not None and title.text == "Data Stewardship — HEROES micro-credential"
    assert root.get("aria-labelledby", "").split()[0] == title.get("id")
    assert "#1f6feb" in svg


def test_badge_svg_escapes_its_text():
    svg = badge_svg('<script>alert("x")</script> & Co', "R&D <lab>", "#abc")
    assert "<script>" not in svg
    root = _root(svg)  # still well-formed
    assert root.find(f"{{{SVG_NS}}}title").text == '<script>alert("x")</script> & Co — R&D <lab>'
    texts = "".join(root.itertext())
    assert "R&D <lab>" in texts


def test_badge_svg_wraps_a_long_title():
    svg = badge_svg("Sustainable Urban Mobility Planning for Small Cities", "Course", "#0a0")
    assert svg.count("<tspan") >= 3


@pytest.mark.parametrize("colour", ["red", "#12345", 'x" onload="alert(1)', "url(#a)"])
def test_badge_svg_refuses_a_colour_that_is_not_hex(colour):
    with pytest.raises(ValueError, match="hex colour"):
        badge_svg("Title", "Subtitle", colour)


def test_the_campus_badge_bakes_and_unbakes():
    svg = badge_svg("Data Stewardship", "HEROES", "#1f6feb")
    baked = bake_svg(svg, CREDENTIAL)
    assert unbake_svg(baked) == CREDENTIAL
    assert _root(baked).get("role") == "img"


def test_rebaking_over_an_empty_credential_element_keeps_the_svg_well_formed():
    svg = f'<svg xmlns="{SVG_NS}" xmlns:openbadges="{OPENBADGES_NS}"><openbadges:credential verify="a.b.c"/></svg>'
    baked = bake_svg(svg, {"n": 1})
    assert baked == (
        f'<svg xmlns="{SVG_NS}" xmlns:openbadges="{OPENBADGES_NS}"><openbadges:credential>'
        '<![CDATA[{\n  "n": 1\n}]]></openbadges:credential></svg>'
    )


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.text(),
        st.binary(),
        st.text(alphabet="<>/![]CDATA-?=\"' svgxmlns:openbadges{}", max_size=200),
        st.builds(lambda body: _ob(body), st.text(max_size=200)),
    )
)
def test_unbaking_anything_is_a_dict_or_a_value_error(svg):
    with contextlib.suppress(ValueError):
        assert isinstance(unbake_svg(svg), dict)


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.text(),
        st.recursive(
            st.text() | st.integers() | st.none(), lambda c: st.lists(c, max_size=3), max_leaves=8
        ),
        max_size=5,
    )
)
def test_any_json_object_survives_baking(credential):
    assert unbake_svg(bake_svg(PLAIN_SVG, credential)) == credential
