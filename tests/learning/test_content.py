"""Lessons in Markdown, rendered safe, and the rules their media and uploads follow."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.safestring import SafeString

from campus.learning import content
from campus.learning.content import (
    MARKDOWN_MAX,
    ContentError,
    Media,
    check_markdown,
    check_media,
    check_upload,
    render_markdown,
    video_embed,
)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 32
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 16
HEIC = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 16
MP3_ID3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\x00" * 16
MP3_FRAME = b"\xff\xfb\x90\x64" + b"\x00" * 32
VTT = b"WEBVTT\n\n00:00.000 --> 00:01.000\nHello\n"
SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
)


def body_messages(text):
    with pytest.raises(ContentError) as raised:
        check_markdown(text)
    return raised.value.message_dict["body"]


def media_errors(kind, **fields):
    with pytest.raises(ContentError) as raised:
        check_media(kind, **fields)
    return raised.value.message_dict


def upload(data, name):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


# --- rendering ----------------------------------------------------------------------------


def test_render_returns_safe_string():
    assert isinstance(render_markdown("Hello"), SafeString)


def test_render_shifts_every_heading_down_one_level_and_h6_stays():
    html = render_markdown("# One\n\n## Two\n\n##### Five\n\n###### Six\n\n<h1>Raw</h1>")
    assert "<h1>" not in html
    assert "<h2>One</h2>" in html
    assert "<h3>Two</h3>" in html
    assert "<h6>Five</h6>" in html
    assert "<h6>Six</h6>" in html
    assert "<h2>Raw</h2>" in html


def test_render_table_with_header_scope_and_no_style():
    html = render_markdown("| Name | Credits |\n|:-----|--------:|\n| Ethics | 5 |\n")
    assert "<table>" in html and "<thead>" in html and "<tbody>" in html
    assert '<th scope="col">Name</th>' in html
    assert "<td>5</td>" in html
    assert "style" not in html


def test_render_code_block_escapes_its_content():
    html = render_markdown("```python\nif a < b:\n    print('<b>')\n```\n\nInline `<i>`.")
    assert "<pre><code>if a &lt; b:" in html
    assert "&lt;b&gt;" in html
    assert "<code>&lt;i&gt;</code>" in html


def test_render_links_get_rel_and_no_target():
    html = render_markdown(
        "[Site](https://example.org/a) and [page](/courses/) and [me](mailto:a@b.test)"
    )
    assert html.count('rel="nofollow noopener noreferrer"') == 3
    assert 'href="https://example.org/a"' in html
    assert 'href="/courses/"' in html
    assert 'href="mailto:a@b.test"' in html
    assert "target" not in html


def test_render_images_load_lazily():
    html = render_markdown('![A diagram](https://example.org/d.png "Title")')
    assert 'src="https://example.org/d.png"' in html
    assert 'alt="A diagram"' in html
    assert 'title="Title"' in html
    assert 'loading="lazy"' in html
    assert 'decoding="async"' in html


def test_render_keeps_allowed_raw_html():
    html = render_markdown(
        '<figure><img src="/media/a.png" alt="A"><figcaption>Cap</figcaption></figure>\n\n'
        'Press <kbd>Ctrl</kbd>, H<sub>2</sub>O, <abbr title="European Union">EU</abbr>'
    )
    assert "<figure>" in html and "<figcaption>Cap</figcaption>" in html
    assert "<kbd>Ctrl</kbd>" in html and "<sub>2</sub>" in html
    assert '<abbr title="European Union">EU</abbr>' in html


@pytest.mark.parametrize(
    ("source", "forbidden"),
    [
        ("<script>alert(1)</script>", ["<script", "alert"]),
        ("Hi <script>alert(1)</script>", ["<script", "alert"]),
        ('<img src="x.png" alt="x" onerror="alert(1)">', ["onerror", "alert"]),
        ("[click](javascript:alert(1))", ['href="javascript']),
        ('<a href="javascript:alert(1)">click</a>', ["javascript"]),
        ('<a href="jav&#x61;script:alert(1)">click</a>', ["javascript", "jav&"]),
        ('<a href="java\tscript:alert(1)">click</a>', ["script:"]),
        ('<a href="vbscript:msgbox(1)">click</a>', ["vbscript"]),
        ("![x](data:image/png;base64,iVBORw0KGgo=)", ["data:", "<img"]),
        ('<img src="data:image/svg+xml;base64,PHN2Zz4=" alt="x">', ["data:", "<img"]),
        ('<img src="mailto:a@b.test" alt="x">', ["mailto", "<img"]),
        ('<p style="background:url(javascript:alert(1))">x</p>', ["style", "javascript"]),
        ('<iframe src="https://evil.test/"></iframe>', ["iframe", "evil"]),
        ("<svg><script>alert(1)</script></svg>", ["svg", "script", "alert"]),
        ('<svg onload="alert(1)"><circle/></svg>', ["svg", "onload", "alert"]),
        ('<object data="x.swf"></object><embed src="x.swf">', ["object", "embed", "swf"]),
        ("<style>body{display:none}</style>", ["style", "display"]),
        ('<form action="/x"><input name="a"></form>', ["<form", "<input"]),
        ('<a href="/x" onclick="alert(1)" target="_blank">x</a>', ["onclick", "target"]),
        ("<!-- <script>alert(1)</script> -->", ["script", "<!--"]),
        ('<math><mi xlink:href="javascript:alert(1)">x</mi></math>', ["javascript", "math"]),
    ],
)
def test_render_removes_xss_vectors(source, forbidden):
    html = render_markdown(source).lower()
    for fragment in forbidden:
        assert fragment.lower() not in html


def test_render_escapes_markup_in_attributes_and_text():
    html = render_markdown('<abbr title="&quot;><script>alert(1)</script>">x</abbr> 1 < 2')
    assert "<script" not in html
    assert "1 &lt; 2" in html


# --- check_markdown -----------------------------------------------------------------------


def test_check_markdown_accepts_a_good_lesson():
    check_markdown(
        "# Lesson\n\n![A map of the partners](https://example.org/map.png)\n\n"
        "[Syllabus](/media/syllabus.pdf), [mail](mailto:a@b.test), [up](../x), [anchor](#part-2)\n\n"
        '<img src="diagram.png" alt="The cycle">'
    )


def test_check_markdown_refuses_a_lesson_too_long():
    (message,) = body_messages("x" * (MARKDOWN_MAX + 1))
    assert "100001" in message and "100000" in message


def test_check_markdown_accepts_exactly_the_maximum():
    check_markdown("x" * MARKDOWN_MAX)


def test_check_markdown_refuses_images_without_alt_naming_them():
    messages = body_messages("![Fine](a.png)\n\n![](diagram.png)\n\n![   ](c.png)")
    assert messages == [
        "Image 2 (“diagram.png”) has no alternative text: write it between the brackets, "
        "![what it shows](diagram.png).",
        "Image 3 (“c.png”) has no alternative text: write it between the brackets, "
        "![what it shows](c.png).",
    ]


def test_check_markdown_refuses_raw_html_image_without_alt():
    (message,) = body_messages('<img src="photo.jpg">')
    assert "Image 1 (“photo.jpg”)" in message


@pytest.mark.parametrize(
    ("text", "url", "scheme"),
    [
        ("[x](javascript:alert(1))", "javascript:alert(1)", "javascript"),
        ("[x](jav&#x61;script:alert(1))", "javascript:alert(1)", "javascript"),
        ("[x](<JavaScript:alert(1)>)", "JavaScript:alert(1)", "javascript"),
        ("[x](vbscript:msgbox)", "vbscript:msgbox", "vbscript"),
        ("[x](file:///etc/passwd)", "file:///etc/passwd", "file"),
        ('<a href="javascript:alert(1)">x</a>', "javascript:alert(1)", "javascript"),
        ('<a href="jav&#x61;script:alert(1)">x</a>', "javascript:alert(1)", "javascript"),
    ],
)
def test_check_markdown_refuses_links_with_unsafe_schemes(text, url, scheme):
    (message,) = body_messages(text)
    assert message == (
        f"The link “{url}” uses “{scheme}:”, which is not allowed: "
        "use an http, https or mailto address, or a path on this site."
    )


def test_check_markdown_refuses_data_image():
    (message,) = body_messages("![A dot](data:image/png;base64,iVBORw0KGgo=)")
    assert message.startswith("The image address “data:image/png;base64,iVBORw0KGgo=” uses “data:”")


def test_check_markdown_refuses_mailto_image():
    (message,) = body_messages("![A dot](mailto:a@b.test)")
    assert "“mailto:”" in message


def test_check_markdown_shortens_long_urls_in_messages():
    (message,) = body_messages(f"[x](javascript:{'a' * 500})")
    assert len(message) < 250


# --- check_media --------------------------------------------------------------------------


def test_check_media_accepts_image_with_alt_and_uploaded_video_with_transcript():
    check_media("image", url="https://example.org/a.png", alt="The partners on a map")
    check_media(
        "video",
        url="/media/lessons/intro.mp4",
        transcript="Welcome to the course.",
        captions_url="https://example.org/intro.en.vtt",
    )
    check_media("audio", url="https://example.org/a.mp3", transcript="Hello.")


def test_check_media_image_needs_alt():
    errors = media_errors("image", url="https://example.org/a.png", alt="  ")
    assert list(errors) == ["alt"]


@pytest.mark.parametrize("kind", ["video", "audio"])
def test_check_media_video_and_audio_need_a_transcript_saying_why(kind):
    errors = media_errors(kind, url="https://example.org/v.mp4")
    (message,) = errors["transcript"]
    assert "cannot hear or see" in message
    assert "search" in message


@pytest.mark.parametrize(
    "url",
    [
        "",
        "http://example.org/a.png",
        "javascript:alert(1)",
        "data:image/png;base64,AA",
        "ftp://example.org/a.png",
        "//evil.test/media/a.png",
        "/static/a.png",
        "media/a.png",
        "/media/../settings.py",
        "https:///a.png",
        "https://example.org/a b.png",
    ],
)
def test_check_media_url_must_be_https_or_uploaded(url):
    errors = media_errors("image", url=url, alt="A")
    assert list(errors) == ["url"]


@pytest.mark.parametrize(
    "captions_url",
    ["http://example.org/c.vtt", "https://example.org/c.srt", "https://example.org/c.vtt.exe"],
)
def test_check_media_captions_must_be_https_vtt(captions_url):
    errors = media_errors(
        "video", url="https://example.org/v.mp4", transcript="T", captions_url=captions_url
    )
    assert list(errors) == ["captions_url"]


def test_check_media_captions_may_be_uploaded_or_have_a_query():
    check_media("video", url="https://e.test/v.mp4", transcript="T", captions_url="/media/c.vtt")
    check_media(
        "video", url="https://e.test/v.mp4", transcript="T", captions_url="https://e.test/c.vtt?v=2"
    )


def test_check_media_lengths():
    errors = media_errors("image", url="https://e.test/a.png", alt="a" * 501)
    assert list(errors) == ["alt"]
    check_media("image", url="https://e.test/a.png", alt="a" * 500)
    errors = media_errors("video", url="https://e.test/v.mp4", transcript="t" * 50_001)
    assert list(errors) == ["transcript"]


def test_check_media_unknown_kind():
    assert "kind" in media_errors("pdf", url="https://e.test/a.pdf")


def test_check_media_reports_every_field_at_once():
    errors = media_errors("video", url="http://e.test/v.mp4", captions_url="x.srt")
    assert set(errors) == {"url", "transcript", "captions_url"}


def test_media_embed_for_video_only():
    video = Media(kind="video", source="https://youtu.be/dQw4w9WgXcQ", transcript="T")
    assert video.embed == {
        "src": "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        "provider": "YouTube",
    }
    assert Media(kind="image", source="https://youtu.be/dQw4w9WgXcQ", alt="A").embed is None


# --- video_embed --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "src", "provider"),
    [
        (
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
            "YouTube",
        ),
        (
            "https://youtube.com/watch?v=dQw4w9WgXcQ&t=42s",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
            "YouTube",
        ),
        (
            "https://m.youtube.com/watch?v=dQw4w9WgXcQ",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
            "YouTube",
        ),
        (
            "https://youtu.be/dQw4w9WgXcQ",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
            "YouTube",
        ),
        (
            "http://youtu.be/dQw4w9WgXcQ?si=abc",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
            "YouTube",
        ),
        (
            "https://www.youtube.com/embed/dQw4w9WgXcQ",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
            "YouTube",
        ),
        ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871", "Vimeo"),
        (
            "https://vimeo.com/76979871/abc123def4",
            "https://player.vimeo.com/video/76979871?h=abc123def4",
            "Vimeo",
        ),
        (
            "https://player.vimeo.com/video/76979871",
            "https://player.vimeo.com/video/76979871",
            "Vimeo",
        ),
    ],
)
def test_video_embed_known_hosts(url, src, provider):
    assert video_embed(url) == {"src": src, "provider": provider}


@pytest.mark.parametrize(
    "url",
    [
        "",
        "https://youtube.com.evil.test/watch?v=dQw4w9WgXcQ",
        "https://evil-youtube.com/watch?v=dQw4w9WgXcQ",
        "https://youtu.be.evil.test/dQw4w9WgXcQ",
        "https://www.youtube.com@evil.test/watch?v=dQw4w9WgXcQ",
        "https://evil.test/youtube.com/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com:8443/watch?v=dQw4w9WgXcQ",
        "javascript://youtube.com/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com/watch?v=short",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ%22onload",
        'https://www.youtube.com/watch?v=dQw4w9WgX"Q',
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ&v=aaaaaaaaaaa",
        "https://www.youtube.com/playlist?list=PL123",
        "https://youtu.be/dQw4w9WgXcQ/extra",
        "https://vimeo.com/channels/staffpicks",
        "https://vimeo.com/76979871abc",
        "https://vimeo.com.evil.test/76979871",
        "https://player.vimeo.com/video/1234567890123",
        "https://example.org/video.mp4",
        "https://you tube.com/watch?v=dQw4w9WgXcQ",
    ],
)
def test_video_embed_refuses_everything_else(url):
    assert video_embed(url) is None


# --- check_upload -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "name", "content_type"),
    [
        (PNG, "a.png", "image/png"),
        (JPEG, "a.jpg", "image/jpeg"),
        (JPEG, "A.JPEG", "image/jpeg"),
        (WEBP, "a.webp", "image/webp"),
        (PDF, "syllabus.pdf", "application/pdf"),
        (MP4, "intro.mp4", "video/mp4"),
        (MP3_ID3, "talk.mp3", "audio/mpeg"),
        (MP3_FRAME, "talk.mp3", "audio/mpeg"),
        (VTT, "captions.vtt", "text/vtt"),
        (b"\xef\xbb\xbf" + VTT, "captions.vtt", "text/vtt"),
    ],
)
def test_check_upload_accepts_known_types(data, name, content_type):
    assert check_upload(upload(data, name)) == content_type


def test_check_upload_does_not_trust_the_browser_content_type():
    file = SimpleUploadedFile("a.pdf", PDF, content_type="image/png")
    assert check_upload(file) == "application/pdf"


def test_check_upload_leaves_the_file_at_its_start():
    file = upload(PDF, "a.pdf")
    check_upload(file)
    assert file.read(5) == b"%PDF-"


def test_check_upload_refuses_png_named_jpg():
    with pytest.raises(ContentError) as raised:
        check_upload(upload(PNG, "photo.jpg"))
    (message,) = raised.value.message_dict["file"]
    assert "PNG" in message and ".png" in message


@pytest.mark.parametrize("name", ["drawing.svg", "drawing.png", "drawing"])
def test_check_upload_refuses_svg(name):
    with pytest.raises(ContentError) as raised:
        check_upload(upload(SVG, name))
    (message,) = raised.value.message_dict["file"]
    assert "SVG" in message and "script" in message


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"<html><script>alert(1)</script></html>", "page.pdf"),
        (b"GIF89a" + b"\x00" * 16, "a.gif"),
        (HEIC, "photo.mp4"),
        (b"\xff\xf1\x50\x80" + b"\x00" * 16, "aac.mp3"),
        (b"WEBVTTX\n", "c.vtt"),
        (b"MZ\x90\x00", "setup.exe"),
    ],
)
def test_check_upload_refuses_unknown_types(data, name):
    with pytest.raises(ContentError) as raised:
        check_upload(upload(data, name))
    assert "not of an accepted type" in raised.value.message_dict["file"][0]


def test_check_upload_refuses_empty_file():
    with pytest.raises(ContentError) as raised:
        check_upload(upload(b"", "a.pdf"))
    assert raised.value.message_dict["file"] == ["The file “a.pdf” is empty."]


def test_check_upload_refuses_oversize_with_limit_in_mb(monkeypatch):
    monkeypatch.setitem(content.UPLOAD_MAX_BYTES, "image", 1 * content.MB)
    check_upload(upload(PNG + b"\x00" * (content.MB - len(PNG)), "a.png"))
    with pytest.raises(ContentError) as raised:
        check_upload(upload(PNG + b"\x00" * content.MB, "a.png"))
    (message,) = raised.value.message_dict["file"]
    assert message == "The file “a.png” is larger than 1 MB, the most for PNG."


def test_check_upload_limits_are_those_announced():
    mb = content.MB
    assert {
        "image": 5 * mb,
        "pdf": 20 * mb,
        "video": 200 * mb,
        "audio": 50 * mb,
        "vtt": 1 * mb,
    } == content.UPLOAD_MAX_BYTES
