"""Lessons in Markdown rendered to safe HTML, and the rules lessons' media and uploads follow.

Markdown is parsed by markdown-it-py (CommonMark and tables) with raw HTML allowed, and
everything it produces goes through nh3 (ammonia) with a short allow-list: the parser is
not trusted to be safe, the sanitiser is. check_markdown is the author's side of the same
rules: it refuses what the sanitiser would silently drop but the author should fix (an
image without alternative text, a javascript: link), with a message saying how.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Literal
from urllib.parse import parse_qs, urlsplit

import nh3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext
from markdown_it import MarkdownIt
from markdown_it.token import Token

MARKDOWN_MAX = 100_000  # characters of one lesson
ALT_MAX = 500
TRANSCRIPT_MAX = 50_000
# Enough messages for an author to see the pattern; the rest follow once these are fixed.
MESSAGES_MAX = 10

MB = 1024 * 1024
UPLOAD_TYPES = {
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/webp": ".webp",
    "application/pdf": ".pdf",
    "video/mp4": ".mp4",
    "audio/mpeg": ".mp3",
    "text/vtt": ".vtt",
}
UPLOAD_MAX_BYTES = {
    "image": 5 * MB,
    "pdf": 20 * MB,
    "video": 200 * MB,
    "audio": 50 * MB,
    "vtt": 1 * MB,
}

MediaKind = Literal["image", "video", "audio"]
MEDIA_KINDS = ("image", "video", "audio")


class ContentError(ValidationError):
    """A lesson, a medium or an upload that breaks a rule; raised with {field: [message]}."""


# --- Markdown -----------------------------------------------------------------------------

ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})
IMAGE_SCHEMES = frozenset({"http", "https"})
# What the WHATWG URL parser ignores: leading/trailing C0 controls and spaces, tabs and
# newlines anywhere. "java\tscript:" is javascript: to a browser, so it is to us too.
_URL_IGNORED = re.compile(r"[\t\n\r]")
_C0_AND_SPACE = "".join(map(chr, range(0x21)))
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")


def url_scheme(url: str) -> str:
    """The scheme of url as a browser would read it, lower-cased; "" for a relative URL."""
    cleaned = _URL_IGNORED.sub("", url).strip(_C0_AND_SPACE)
    match = _SCHEME.match(cleaned)
    return match.group(1).lower() if match else ""


def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False}).enable(
        "table"
    )


_render_md = _parser()
# The checker sees every link and image as written: markdown-it's own validateLink would
# quietly turn [x](javascript:...) into plain text, and the author would never know why.
_check_md = _parser()
_check_md.validateLink = lambda url: True  # type: ignore[method-assign]
_check_md.normalizeLink = lambda url: url  # type: ignore[method-assign]

_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "code", "pre",
    "blockquote", "ul", "ol", "li", "a", "img", "table", "thead", "tbody", "tr", "th", "td",
    "figure", "figcaption", "sub", "sup", "kbd", "abbr", "dl", "dt", "dd",
}  # fmt: skip
# Removed with everything inside them, not only their tags: their content is code or
# another document, never text for the reader.
_CLEAN_CONTENT_TAGS = {
    "script", "style", "iframe", "object", "embed", "svg", "math", "template", "noscript",
    "textarea", "select", "title", "frameset", "frame", "noembed", "noframes", "xmp",
}  # fmt: skip


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    # nh3's url_schemes covers href and src alike; an image is never a mailto: address.
    if tag == "img" and attribute == "src" and url_scheme(value) not in IMAGE_SCHEMES | {""}:
        return None
    return value


_cleaner = nh3.Cleaner(
    tags=_TAGS,
    clean_content_tags=_CLEAN_CONTENT_TAGS,
    attributes={
        "a": {"href", "title"},
        "img": {"src", "alt", "title", "width", "height"},
        "abbr": {"title"},
    },
    tag_attribute_values={"th": {"scope": {"col", "row", "colgroup", "rowgroup"}}},
    set_tag_attribute_values={"img": {"loading": "lazy", "decoding": "async"}},
    attribute_filter=_attribute_filter,
    link_rel="nofollow noopener noreferrer",
    url_schemes=set(ALLOWED_SCHEMES),
    strip_comments=True,
)

# After nh3 every "<" in the output opens a real tag (text and attribute values are escaped),
# headings carry no attributes and attribute values are double-quoted, so these patterns
# read its output exactly.
_HEADING = re.compile(r"<(/?)h([1-5])>")
_IMG = re.compile(r"<img\b[^>]*>")


def _shift_heading(match: re.Match[str]) -> str:
    return f"<{match.group(1)}h{int(match.group(2)) + 1}>"


def _drop_img_without_src(match: re.Match[str]) -> str:
    return match.group(0) if ' src="' in match.group(0) else ""


def render_markdown(text: str) -> SafeString:
    """A lesson's Markdown as sanitised HTML, its headings one level down (the page has the h1)."""
    tokens = _render_md.parse(text)
    in_thead = False
    for token in tokens:
        if token.type == "thead_open":
            in_thead = True
        elif token.type == "thead_close":
            in_thead = False
        elif token.type in ("th_open", "td_open"):
            # Column alignment arrives as a style attribute, which the sanitiser refuses anyway.
            token.attrs.pop("style", None)
            if token.type == "th_open" and in_thead:
                token.attrSet("scope", "col")
    html = _render_md.renderer.render(tokens, _render_md.options, {})
    cleaned = _cleaner.clean(html)
    cleaned = _HEADING.sub(_shift_heading, cleaned)
    cleaned = _IMG.sub(_drop_img_without_src, cleaned)
    return mark_safe(cleaned)  # noqa: S308 - nh3 has just sanitised it


def _short(url: str) -> str:
    return Truncator(url).chars(80)


def _scheme_message(url: str, scheme: str, *, image: bool) -> str:
    if image:
        return gettext(
            "The image address “%(url)s” uses “%(scheme)s:”, which is not allowed: "
            "use an https address or upload the image."
        ) % {"url": _short(url), "scheme": scheme}
    return gettext(
        "The link “%(url)s” uses “%(scheme)s:”, which is not allowed: "
        "use an http, https or mailto address, or a path on this site."
    ) % {"url": _short(url), "scheme": scheme}


def _alt_message(number: int, url: str) -> str:
    return gettext(
        "Image %(number)s (“%(url)s”) has no alternative text: write it between the brackets, "
        "![what it shows](%(url)s)."
    ) % {"number": number, "url": _short(url)}


class _RawHtmlMedia(HTMLParser):
    """The links and images of a lesson's raw HTML, so that they follow the Markdown's rules."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("a", "img"):
            self.found.append((tag, {name: value or "" for name, value in attrs}))

    handle_startendtag = handle_starttag


def _walk(tokens: list[Token]):
    for token in tokens:
        yield token
        if token.children:
            yield from _walk(token.children)


def check_markdown(text: str) -> None:
    """Refuse a lesson the author must fix: too long, images without alt, unsafe addresses."""
    if len(text) > MARKDOWN_MAX:
        raise ContentError(
            {
                "body": [
                    gettext(
                        "The lesson is %(length)s characters long; the most is %(max)s. "
                        "Split it into two lessons."
                    )
                    % {"length": number_format(len(text)), "max": number_format(MARKDOWN_MAX)}
                ]
            }
        )
    messages: list[str] = []
    images = 0

    def image(src: str, alt: str) -> None:
        nonlocal images
        images += 1
        scheme = url_scheme(src)
        if scheme and scheme not in IMAGE_SCHEMES:
            messages.append(_scheme_message(src, scheme, image=True))
        if not alt.strip():
            messages.append(_alt_message(images, src))

    def link(href: str) -> None:
        scheme = url_scheme(href)
        if scheme and scheme not in ALLOWED_SCHEMES:
            messages.append(_scheme_message(href, scheme, image=False))

    tokens = _check_md.parse(text)
    for token in _walk(tokens):
        if token.type == "image":
            alt = _check_md.renderer.renderInlineAsText(token.children or [], _check_md.options, {})
            image(str(token.attrGet("src") or ""), alt)
        elif token.type == "link_open":
            link(str(token.attrGet("href") or ""))
        elif token.type in ("html_block", "html_inline"):
            raw = _RawHtmlMedia()
            raw.feed(token.content)
            raw.close()
            for tag, attrs in raw.found:
                if tag == "img":
                    image(attrs.get("src", ""), attrs.get("alt", ""))
                elif "href" in attrs:
                    link(attrs["href"])
    if messages:
        raise ContentError({"body": messages[:MESSAGES_MAX]})


# --- Media --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Media:
    """An image, video or audio of a lesson, with the text alternative that goes with it."""

    kind: MediaKind
    source: str  # an https URL or an uploaded file's URL
    alt: str = ""  # text alternative of an image
    transcript: str = ""  # required for video and audio
    captions_url: str = ""  # optional WebVTT captions

    @property
    def embed(self) -> dict[str, str] | None:
        return video_embed(self.source) if self.kind == "video" else None


def _media_prefix() -> str:
    prefix = settings.MEDIA_URL or "/media/"
    return prefix if prefix.startswith("/") else "/" + prefix


def _is_media_path(url: str) -> bool:
    prefix = _media_prefix()
    return (
        url.startswith(prefix)
        and not url.startswith("//")
        and "\\" not in url
        and ".." not in url.split("?")[0].split("/")
    )


def _is_https(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme == "https" and bool(parts.hostname)


def _has_blank(url: str) -> bool:
    return any(ch.isspace() or ord(ch) < 32 for ch in url)


def check_media(
    kind: str, *, url: str = "", alt: str = "", transcript: str = "", captions_url: str = ""
) -> None:
    """Refuse a medium without its text alternative or from an address that is not https."""
    errors: dict[str, list[str]] = {}
    if kind not in MEDIA_KINDS:
        errors["kind"] = [gettext("Choose image, video or audio.")]
    if not url or _has_blank(url) or not (_is_https(url) or _is_media_path(url)):
        errors["url"] = [
            gettext("Give an https address, or upload the file.")
            if not url
            else gettext("“%(url)s” is not an https address or an uploaded file.")
            % {"url": _short(url)}
        ]
    if kind == "image" and not alt.strip():
        errors["alt"] = [
            gettext(
                "Describe the image in a sentence for people who cannot see it: "
                "screen readers read this text aloud."
            )
        ]
    elif len(alt) > ALT_MAX:
        errors["alt"] = [
            gettext(
                "The alternative text is %(length)s characters long; the most is %(max)s. "
                "Put a longer description in the lesson's text."
            )
            % {"length": number_format(len(alt)), "max": number_format(ALT_MAX)}
        ]
    if kind in ("video", "audio") and not transcript.strip():
        errors["transcript"] = [
            gettext(
                "Add a transcript: people who cannot hear or see the recording read it "
                "instead, and search finds the lesson by it."
            )
        ]
    elif len(transcript) > TRANSCRIPT_MAX:
        errors["transcript"] = [
            gettext("The transcript is %(length)s characters long; the most is %(max)s.")
            % {"length": number_format(len(transcript)), "max": number_format(TRANSCRIPT_MAX)}
        ]
    if captions_url:
        if kind == "image":
            errors["captions_url"] = [gettext("Captions are for video and audio.")]
        elif (
            _has_blank(captions_url)
            or not (_is_https(captions_url) or _is_media_path(captions_url))
            or not urlsplit(captions_url).path.lower().endswith(".vtt")
        ):
            errors["captions_url"] = [
                gettext(
                    "Captions must be a WebVTT file (ending in .vtt) at an https address "
                    "or uploaded."
                )
            ]
    if errors:
        raise ContentError(errors)


_YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
_VIMEO_ID = re.compile(r"[0-9]{1,12}")
_VIMEO_HASH = re.compile(r"[0-9a-f]{6,20}")
_YOUTUBE_HOSTS = frozenset({"youtube.com", "www.youtube.com", "m.youtube.com"})
_YOUTUBE_EMBED_HOSTS = frozenset({"www.youtube-nocookie.com", "youtube-nocookie.com"})
_VIMEO_HOSTS = frozenset({"vimeo.com", "www.vimeo.com"})


def _youtube(video_id: str) -> dict[str, str] | None:
    if not _YOUTUBE_ID.fullmatch(video_id):
        return None
    return {"src": f"https://www.youtube-nocookie.com/embed/{video_id}", "provider": "YouTube"}


def _vimeo(video_id: str, unlisted_hash: str = "") -> dict[str, str] | None:
    if not _VIMEO_ID.fullmatch(video_id):
        return None
    src = f"https://player.vimeo.com/video/{video_id}"
    if unlisted_hash:
        if not _VIMEO_HASH.fullmatch(unlisted_hash):
            return None
        src += f"?h={unlisted_hash}"
    return {"src": src, "provider": "Vimeo"}


def video_embed(url: str) -> dict[str, str] | None:
    """The privacy-friendly player address of a YouTube or Vimeo video; None for anything else."""
    if not url or _has_blank(url) or "\\" in url:
        return None
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or port is not None or parts.username is not None:
        return None
    host = (parts.hostname or "").lower()
    segments = [segment for segment in parts.path.split("/") if segment]
    if host in _YOUTUBE_HOSTS:
        if segments == ["watch"]:
            ids = parse_qs(parts.query).get("v", [])
            return _youtube(ids[0]) if len(ids) == 1 else None
        if len(segments) == 2 and segments[0] in ("embed", "shorts", "live"):
            return _youtube(segments[1])
        return None
    if host == "youtu.be" and len(segments) == 1:
        return _youtube(segments[0])
    if host in _YOUTUBE_EMBED_HOSTS and len(segments) == 2 and segments[0] == "embed":
        return _youtube(segments[1])
    if host in _VIMEO_HOSTS and len(segments) in (1, 2):
        return _vimeo(*segments)
    if host == "player.vimeo.com" and len(segments) == 2 and segments[0] == "video":
        hashes = parse_qs(parts.query).get("h", [])
        return _vimeo(segments[1], hashes[0] if len(hashes) == 1 else "")
    return None


# --- Uploads ------------------------------------------------------------------------------

# Extensions accepted for each type; the first is the one a stored file gets (UPLOAD_TYPES).
_EXTENSIONS = {content_type: {extension} for content_type, extension in UPLOAD_TYPES.items()}
_EXTENSIONS["image/jpeg"] = {".jpg", ".jpeg"}
_FORMAT_NAMES = {
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "image/webp": "WebP",
    "application/pdf": "PDF",
    "video/mp4": "MP4",
    "audio/mpeg": "MP3",
    "text/vtt": "WebVTT",
}
_LIMIT_KIND = {
    "image/png": "image",
    "image/jpeg": "image",
    "image/webp": "image",
    "application/pdf": "pdf",
    "video/mp4": "video",
    "audio/mpeg": "audio",
    "text/vtt": "vtt",
}
# ISO base media brands that are MP4 video; HEIC, AVIF and M4A share the "ftyp" box.
_MP4_BRANDS = frozenset(
    {b"isom", b"iso2", b"iso3", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"M4V ",
     b"M4VH", b"M4VP", b"dash", b"mmp4", b"MSNV", b"f4v "}
)  # fmt: skip
_HEAD_BYTES = 512


def _is_mp4(head: bytes) -> bool:
    if len(head) < 12 or head[4:8] != b"ftyp":
        return False
    box_end = min(int.from_bytes(head[0:4], "big"), len(head))
    brands = [head[8:12]] + [head[i : i + 4] for i in range(16, box_end - 3, 4)]
    return any(brand in _MP4_BRANDS for brand in brands)


def _is_mp3(head: bytes) -> bool:
    if head.startswith(b"ID3"):
        return True
    # An MPEG audio frame header: 11 sync bits, then a version and a layer that are not reserved
    # (layer 00 is AAC's ADTS, which is not MP3).
    return (
        len(head) >= 2
        and head[0] == 0xFF
        and head[1] & 0xE0 == 0xE0
        and head[1] & 0x18 != 0x08
        and head[1] & 0x06 != 0
    )


def _is_svg(head: bytes) -> bool:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith((b"<?xml", b"<svg", b"<!doctype svg")) or b"<svg" in start


def sniff_type(head: bytes) -> str | None:
    """The content type that a file's first bytes show, among UPLOAD_TYPES; None if none."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head[0:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if _is_mp4(head):
        return "video/mp4"
    if _is_mp3(head):
        return "audio/mpeg"
    vtt = head.removeprefix(b"\xef\xbb\xbf")
    if vtt.startswith(b"WEBVTT") and (len(vtt) == 6 or vtt[6:7] in (b" ", b"\t", b"\n", b"\r")):
        return "text/vtt"
    return None


def _limit_mb(limit: int) -> str:
    return number_format(round(limit / MB, 1) if limit % MB else limit // MB)


def check_upload(file) -> str:
    """The real content type of an uploaded file, read from its bytes; refuse what is not allowed."""
    name = os.path.basename(file.name or "")
    extension = os.path.splitext(name)[1].lower()
    if not file.size:
        raise ContentError({"file": [gettext("The file “%(name)s” is empty.") % {"name": name}]})
    file.seek(0)
    head = file.read(_HEAD_BYTES)
    file.seek(0)
    content_type = sniff_type(head)
    if content_type is None:
        if extension == ".svg" or _is_svg(head):
            message = gettext(
                "SVG images are not accepted, because they can carry script: "
                "save the image as PNG or WebP and upload that."
            )
        else:
            message = gettext(
                "The file “%(name)s” is not of an accepted type: PNG, JPEG or WebP images, "
                "PDF documents, MP4 video, MP3 audio or WebVTT captions."
            ) % {"name": name}
        raise ContentError({"file": [message]})
    if extension not in _EXTENSIONS[content_type]:
        raise ContentError(
            {
                "file": [
                    gettext(
                        "The file “%(name)s” contains %(format)s, which does not match its name: "
                        "rename it to end in %(extension)s."
                    )
                    % {
                        "name": name,
                        "format": _FORMAT_NAMES[content_type],
                        "extension": UPLOAD_TYPES[content_type],
                    }
                ]
            }
        )
    limit = UPLOAD_MAX_BYTES[_LIMIT_KIND[content_type]]
    if file.size > limit:
        raise ContentError(
            {
                "file": [
                    gettext(
                        "The file “%(name)s” is larger than %(limit)s MB, the most for %(format)s."
                    )
                    % {
                        "name": name,
                        "limit": _limit_mb(limit),
                        "format": _FORMAT_NAMES[content_type],
                    }
                ]
            }
        )
    return content_type
