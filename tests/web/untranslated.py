"""Finding English left on a page shown in another language.

A page's visible texts (text nodes, and the texts of aria-label, placeholder, title, alt and
the value of buttons) are compared with the campus's catalogue of that language:

1. a text that is an English message id (or its rendering, placeholders filled) whose
   translation is missing at run time is flagged — unless the catalogue translates it, on
   purpose, by the same words ("ECTS", "Code");
2. a text that is the same on the English page, reads as an English phrase (it has two
   English function words) and is not data the campus holds (a title, a name, a
   description people wrote) is flagged: it was never marked for translation, or was
   translated in the wrong language and stored (a notification rendered for its sender).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings
from django.utils import translation

LOCALE = Path(settings.BASE_DIR) / "locale"
ATTRIBUTES = ("aria-label", "placeholder", "title", "alt")
FUNCTION_WORDS = {
    "the", "a", "an", "your", "you", "and", "or", "of", "to", "is", "are", "was", "be",
    "not", "no", "this", "for", "with", "on", "in", "it", "has", "have", "can", "by",
    "from", "who", "what", "when", "will", "there", "nothing", "yet", "here",
}  # fmt: skip
# Names and words that read the same in every language of the alliance.
PROPER_NAMES = {
    "HEROES",
    "HEROES Virtual Campus",
    "ECTS",
    "ESCO",
    "EQF",
    "ISCED",
    "CEFR",
    "Erasmus",
    "API",
    "JSON",
    "CSV",
    "PDF",
    "iCalendar",
    "Open Badges 3.0",
}


class _Texts(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template", "textarea"):
            self._skip += 1
        values = dict(attrs)
        for name in ATTRIBUTES:
            if values.get(name):
                self.texts.append(values[name])
        if tag == "input" and values.get("type") in ("submit", "button") and values.get("value"):
            self.texts.append(values["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template", "textarea") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.texts.append(data)


def visible_texts(html: str) -> list[str]:
    """The texts a person reads or hears on the page, whitespace normalised."""
    parser = _Texts()
    parser.feed(html)
    out = []
    for text in parser.texts:
        text = " ".join(text.split())
        if text and re.search(r"[A-Za-z]{2}", text):
            out.append(text)
    return out


@dataclass
class Entry:
    msgid: str
    msgctxt: str | None
    msgstr: str
    fuzzy: bool


def _unquote(lines: list[str]) -> str:
    return "".join(ast.literal_eval(line) for line in lines)


def po_entries(language: str) -> list[Entry]:
    """The entries of a language's django.po (singular msgids; a plural's first form)."""
    entries: list[Entry] = []
    fields: dict[str, list[str]] = {}
    current = None
    fuzzy = False

    def flush():
        nonlocal fields, fuzzy
        if "msgid" in fields:
            msgstr = fields.get("msgstr", fields.get("msgstr[0]", []))
            entries.append(
                Entry(
                    _unquote(fields["msgid"]),
                    _unquote(fields["msgctxt"]) if "msgctxt" in fields else None,
                    _unquote(msgstr),
                    fuzzy,
                )
            )
        fields, fuzzy = {}, False

    path = LOCALE / language / "LC_MESSAGES" / "django.po"
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line:
            flush()
            current = None
        elif line.startswith("#,"):
            fuzzy = fuzzy or "fuzzy" in line
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            if current:
                fields[current].append(line)
        else:
            key, _, rest = line.partition(" ")
            if key == "msgctxt" and "msgid" in fields:
                flush()
            current = key
            fields[key] = [rest]
    flush()
    return [e for e in entries if e.msgid]


def _pattern(msgid: str) -> re.Pattern:
    """A message id as a pattern for its rendering: placeholders match anything."""
    parts = re.split(r"%\([^)]+\)[sdif]|%[sdif]", msgid)
    return re.compile(".+?".join(re.escape(" ".join(p.split())) for p in parts) + r"\Z")


@dataclass
class Catalogue:
    """What a language's catalogue leaves in English at run time."""

    language: str
    missing: list[tuple[str, re.Pattern]] = field(default_factory=list)
    english: set[str] = field(default_factory=set)

    @classmethod
    def load(cls, language: str) -> Catalogue:
        catalogue = cls(language)
        with translation.override(language):
            for entry in po_entries(language):
                text = " ".join(entry.msgid.split())
                catalogue.english.add(text)
                if entry.msgctxt:
                    said = translation.pgettext(entry.msgctxt, entry.msgid)
                else:
                    said = translation.gettext(entry.msgid)
                meant_same = entry.msgstr == entry.msgid and not entry.fuzzy
                literal = re.sub(r"%\([^)]+\)[sdif]|%[sdif]", "", entry.msgid)
                if len(re.findall(r"[A-Za-z]", literal)) < 4:
                    continue  # "%(a)s, %(b)s" would match any text
                if said == entry.msgid and not meant_same and text not in PROPER_NAMES:
                    catalogue.missing.append((text, _pattern(entry.msgid)))
        return catalogue


def english_left(
    html: str, catalogue: Catalogue, *, english_html: str, data: str = ""
) -> list[str]:
    """The texts of ``html`` (a page in ``catalogue.language``) that are English."""
    found = []
    english_texts = set(visible_texts(english_html))
    for text in visible_texts(html):
        if text in PROPER_NAMES:
            continue
        if any(pattern.match(text) for _msgid, pattern in catalogue.missing):
            found.append(f"untranslated message: {text!r}")
            continue
        words = re.findall(r"[a-z]+", text.lower())
        if (
            text in english_texts
            and len([w for w in words if w in FUNCTION_WORDS]) >= 2
            and text not in data
        ):
            found.append(f"English on the page: {text!r}")
    return found
