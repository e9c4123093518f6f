"""Open Badges 3.0 baking: a credential carried inside its badge image (SVG).

The 1EdTech Open Badges 3.0 specification ("Baked Badge", SVG): the ``<svg>``
root declares ``xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"``, and
directly after the ``<svg>`` tag comes one ``<openbadges:credential>`` element.
A credential with an embedded proof (ours: a Data Integrity proof) goes into
its body as JSON wrapped in ``<![CDATA[...]]>``; a VC-JWT would instead sit in
a ``verify`` attribute. There is only one such element in an SVG: baking again
replaces it. Extraction reads the first one and may ignore the rest.

SVGs come from outside (uploaded achievement images, badges handed to
verifiers), so they are read without a DTD: no entity expansion, no external
entities (defusedxml). Baking edits the text in place rather than
re-serialising a parsed tree, so the image is kept byte for byte.

Plain data in and out; no Django.
"""

from __future__ import annotations

import json
import re
from html import escape
from xml.parsers import expat

import defusedxml
import defusedxml.ElementTree as SafeET

from campus.inputs.json_limits import JsonRefused, json_loads_bounded

SVG_NS = "http://www.w3.org/2000/svg"
OPENBADGES_NS = "https://purl.imsglobal.org/ob/v3p0"
_CREDENTIAL_TAG = f"{{{OPENBADGES_NS}}}credential"

#: Larger SVGs are refused: a badge image is a few kilobytes to a few hundred.
MAX_SVG_BYTES = 8 * 1024 * 1024

# Characters XML 1.0 cannot carry even in CDATA; JSON can escape them as \uXXXX.
_NOT_XML_CHAR = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def bake_svg(svg: str, credential: dict) -> str:
    """The SVG with ``credential`` baked in (replacing any credential baked before)."""
    if not isinstance(credential, dict):
        raise TypeError("the credential to bake is a JSON object (a dict)")
    data = _as_utf8(svg)
    _parse_safely(data)
    events = _scan(data)

    root_start, root_qname, root_attrs = next(
        (pos, name, attrs) for kind, pos, name, attrs in events if kind == "start"
    )
    declared = root_attrs.get("xmlns:openbadges")
    if declared is not None and declared != OPENBADGES_NS:
        raise ValueError(
            f"this SVG binds the prefix 'openbadges' to {declared!r}, not the Open Badges "
            f"namespace {OPENBADGES_NS!r}"
        )

    # A tag ends where the next event begins. expat reports the end of an
    # empty-element tag (<x/>) at the offset just after it, and the end of a
    # closing tag (</x>) at its "<".
    bounds = [pos for _, pos, _, _ in events] + [len(data)]
    root_index = _first_start(events)
    root_tag_end = bounds[root_index + 1]

    cuts: list[tuple[int, int, bytes]] = []  # (start, end, replacement)
    scopes: list[dict[str, str]] = [{}]  # prefix -> namespace, per open element
    old_depth = old_start = None
    for i, (kind, pos, name, attrs) in enumerate(events):
        if kind == "start":
            scope = dict(scopes[-1])
            for attribute, value in attrs.items():
                if attribute == "xmlns" or attribute.startswith("xmlns:"):
                    scope[attribute.partition(":")[2]] = value
            scopes.append(scope)
            prefix, _, local = name.rpartition(":")
            if (
                old_depth is None
                and len(scopes) > 2
                and local == "credential"
                and scope.get(prefix) == OPENBADGES_NS
            ):
                old_depth, old_start = len(scopes), pos
                if data[pos : bounds[i + 1]].endswith(b"/>"):
                    cuts.append((pos, bounds[i + 1], b""))
        elif kind == "end":
            if old_depth == len(scopes):
                if not cuts or cuts[-1][0] != old_start:
                    cuts.append((old_start, bounds[i + 1], b""))
                old_depth = None
            scopes.pop()

    element = _credential_element(credential).encode("utf-8")
    namespace = b"" if declared else f' xmlns:openbadges="{OPENBADGES_NS}"'.encode()
    name_end = root_start + 1 + len(root_qname.encode("utf-8"))
    root_tag = data[root_start:root_tag_end]
    if root_tag.endswith(b"/>"):
        # <svg .../>: open it, so that it can hold the credential.
        head = data[name_end : root_tag_end - 2]
        closing = f"</{root_qname}>".encode()
        new_root = b"<" + root_qname.encode() + namespace + head + b">" + element + closing
        cuts.insert(0, (root_start, root_tag_end, new_root))
    else:
        cuts.insert(0, (name_end, name_end, namespace))
        cuts.insert(1, (root_tag_end, root_tag_end, element))

    out = bytearray()
    cursor = 0
    for start, end, replacement in sorted(cuts, key=lambda cut: (cut[0], cut[1])):
        out += data[cursor:start] + replacement
        cursor = max(cursor, end)
    out += data[cursor:]
    return out.decode("utf-8")


def unbake_svg(svg: str | bytes) -> dict:
    """The credential baked into an SVG; ValueError when there is none or it is unreadable."""
    data = svg if isinstance(svg, bytes) else _as_utf8(svg)
    if len(data) > MAX_SVG_BYTES:
        raise ValueError(f"this SVG is larger than {MAX_SVG_BYTES} bytes")
    root = _parse_safely(data)
    element = next(root.iter(_CREDENTIAL_TAG), None)
    if element is None:
        raise ValueError("no Open Badges credential in this SVG")
    if element.get("verify"):
        raise ValueError(
            "this SVG carries its credential as a VC-JWT (the verify attribute); "
            "only credentials with an embedded proof (JSON) are read here"
        )
    text = "".join(element.itertext()).strip()
    if not text:
        raise ValueError("the Open Badges credential element in this SVG is empty")
    try:
        credential = json_loads_bounded(text, max_bytes=MAX_SVG_BYTES)
    except JsonRefused as exc:
        if exc.reason == "not_json":
            raise ValueError(
                f"the credential baked into this SVG is not valid JSON: {exc}"
            ) from exc
        raise ValueError(f"the credential baked into this SVG cannot be read: {exc}") from exc
    if not isinstance(credential, dict):
        raise ValueError("the credential baked into this SVG is not a JSON object")
    return credential


def badge_svg(title: str, subtitle: str, colour: str) -> str:
    """A simple, accessible badge image (400 × 400) for the campus to bake credentials into."""
    if not re.fullmatch(r"#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3}", colour):
        raise ValueError(f"the badge colour is a hex colour such as #1f6feb, not {colour!r}")
    lines = _wrap(title, 18)[:3]
    title_y = 200 - 18 * (len(lines) - 1)
    title_text = "".join(
        f'<tspan x="200" y="{title_y + 36 * n}">{escape(line)}</tspan>'
        for n, line in enumerate(lines)
    )
    sub_lines = _wrap(subtitle, 30)[:2]
    subtitle_text = "".join(
        f'<tspan x="200" y="{300 + 24 * n}">{escape(line)}</tspan>'
        for n, line in enumerate(sub_lines)
    )
    label = escape(f"{title} — {subtitle}" if subtitle else title)
    return (
        f'<svg xmlns="{SVG_NS}" viewBox="0 0 400 400" width="400" height="400" '
        f'role="img" aria-labelledby="badge-title badge-desc">'
        f'<title id="badge-title">{label}</title>'
        f'<desc id="badge-desc">{escape(subtitle)}</desc>'
        f'<circle cx="200" cy="200" r="190" fill="{colour}"/>'
        f'<circle cx="200" cy="200" r="170" fill="none" stroke="#ffffff" stroke-width="6"/>'
        f'<g fill="#ffffff" font-family="Helvetica, Arial, sans-serif" text-anchor="middle">'
        f'<text font-size="32" font-weight="bold">{title_text}</text>'
        f'<text font-size="20">{subtitle_text}</text>'
        f"</g></svg>"
    )


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _credential_element(credential: dict) -> str:
    text = json.dumps(credential, ensure_ascii=False, indent=2)
    # Only inside JSON strings can such characters occur; \uXXXX says the same in JSON.
    text = _NOT_XML_CHAR.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    # "]]>" would end the CDATA section: split it across two sections.
    text = text.replace("]]>", "]]]]><![CDATA[>")
    return f"<openbadges:credential><![CDATA[{text}]]></openbadges:credential>"


def _as_utf8(svg: str) -> bytes:
    if not isinstance(svg, str):
        raise TypeError("the SVG is text (str)")
    try:
        data = svg.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError("this SVG contains characters that are not valid text") from exc
    if len(data) > MAX_SVG_BYTES:
        raise ValueError(f"this SVG is larger than {MAX_SVG_BYTES} bytes")
    return data


def _parse_safely(data: bytes):
    """The parsed SVG root, refusing DTDs (and so entity bombs and external entities)."""
    try:
        root = SafeET.fromstring(data, forbid_dtd=True)
    except defusedxml.DefusedXmlException as exc:
        raise ValueError("this SVG declares a DTD or entities, which are not accepted") from exc
    except SafeET.ParseError as exc:
        raise ValueError(f"this is not a well-formed SVG document: {exc}") from exc
    except (ValueError, LookupError) as exc:  # e.g. an unknown declared encoding
        raise ValueError(f"this SVG cannot be read: {exc}") from exc
    if root.tag != f"{{{SVG_NS}}}svg":
        raise ValueError("this is not an SVG image: its root element is not <svg>")
    return root


def _first_start(events: list) -> int:
    return next(i for i, event in enumerate(events) if event[0] == "start")


def _scan(data: bytes) -> list[tuple[str, int, str, dict]]:
    """Every parse event with its byte offset: (kind, offset, qname, attributes).

    Only called after :func:`_parse_safely` accepted the document, so it has
    no DTD; the handler below refuses one all the same.
    """
    events: list[tuple[str, int, str, dict]] = []
    parser = expat.ParserCreate(encoding="UTF-8")
    parser.buffer_text = False

    def start(name, attrs):
        events.append(("start", parser.CurrentByteIndex, name, attrs))

    def end(name):
        events.append(("end", parser.CurrentByteIndex, name, {}))

    def other(*_):
        events.append(("other", parser.CurrentByteIndex, "", {}))

    def doctype(*_):
        raise ValueError("this SVG declares a DTD, which is not accepted")

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.StartDoctypeDeclHandler = doctype
    parser.CharacterDataHandler = other
    parser.CommentHandler = other
    parser.ProcessingInstructionHandler = other
    parser.StartCdataSectionHandler = other
    parser.EndCdataSectionHandler = other
    parser.DefaultHandler = other
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise ValueError(f"this is not a well-formed SVG document: {exc}") from exc
    return events
