"""One gate for every request: characters, body size, and the API's error shape.

- A NUL byte or another control character in the path, a query parameter or a form field
  is refused with a 400 before any view runs. PostgreSQL cannot store NUL in text and
  fails the whole query (a 500); no field of the campus needs the other control characters
  either (tab, line feed and carriage return stay allowed in query and form values, where
  a text area sends them). Other bodies are checked for the same characters as JSON
  escapes (``\\u0000``), whatever their Content-Type, so every API write is covered, with
  no rule in any schema.
- A body larger than ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (multipart uploads: larger than the
  largest file, ``CAMPUS_MAX_UPLOAD_BYTES``, with its form fields) is refused with a 413
  before it is read. Django would raise ``RequestDataTooBig`` wherever the body is first
  touched and answer a bare 400 page.
- Under ``CAMPUS_JSON_ERROR_PREFIXES`` (the API) an error response that is not JSON (an
  unknown address, a method the operation does not take, Django's own 400/500 pages) is
  replaced by ``{"detail": ...}``, so the API never answers HTML.

Pages get the refusal as a page, the API as JSON.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _

from .refusals import control_character_message, too_large_message

# Paths: no control character at all.
_PATH_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# Query and form values: tab, LF and CR are text; the rest of C0 and DEL are not.
_TEXT_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# The same characters as JSON escapes, \u0000 to \u001f (but \t \n \r) and \u007f, and only
# where the backslash is not itself escaped (an even run of backslashes before it).
_JSON_CONTROL = re.compile(
    rb"(?<!\\)(?:\\\\)*\\u00(?:0[0-8bBcCeEfF]|1[0-9a-fA-F]|7[fF])",
)
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class InputBoundsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self._refusal(request) or self.get_response(request)
        if _under_api(request) and response.status_code >= 400 and not _is_json(response):
            response = _json_error(response)
        return response

    def _refusal(self, request: HttpRequest) -> HttpResponse | None:
        if _PATH_CONTROL.search(request.path):
            return _refuse(request, 400, control_character_message(_("The address")))
        for key, values in request.GET.lists():
            if any(_TEXT_CONTROL.search(text) for text in (key, *values)):
                return _refuse(request, 400, control_character_message(_param(key)))
        return self._body_refusal(request)

    def _body_refusal(self, request: HttpRequest) -> HttpResponse | None:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return _refuse(request, 400, _("The Content-Length header is not a number."))
        content_type = request.content_type or ""
        multipart = content_type == "multipart/form-data"
        limit = (
            # Files of up to the largest upload, and room for their form's fields: a file
            # just over its own limit still gets the form's message, not this one.
            settings.CAMPUS_MAX_UPLOAD_BYTES + (settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0)
            if multipart
            else settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        )
        if limit is not None and length > limit:
            return _refuse(request, 413, too_large_message(limit))
        if not length or request.method in ("GET", "HEAD", "OPTIONS"):
            return None
        if content_type in _FORM_TYPES:
            return self._form_refusal(request)
        # Whatever the Content-Type says: ninja reads any body as JSON.
        if _JSON_CONTROL.search(request.body):
            return _refuse(request, 400, control_character_message(_("The JSON body")))
        return None

    def _form_refusal(self, request: HttpRequest) -> HttpResponse | None:
        try:
            if request.method == "POST":
                fields, files = request.POST, request.FILES
            elif request.content_type == "application/x-www-form-urlencoded":
                # Django reads a form only from a POST; other methods' forms are read here.
                fields, files = QueryDict(request.body, encoding=request.encoding), {}
            else:
                return None
        except RequestDataTooBig:
            return _refuse(request, 413, too_large_message(settings.DATA_UPLOAD_MAX_MEMORY_SIZE))
        except TooManyFieldsSent:
            return _refuse(request, 400, _("The form has too many fields."))
        for key, values in fields.lists():
            if any(_TEXT_CONTROL.search(text) for text in (key, *values)):
                return _refuse(request, 400, control_character_message(_param(key)))
        for upload in files.values():
            if _PATH_CONTROL.search(upload.name or ""):
                return _refuse(request, 400, control_character_message(_("A file name")))
        return None


def _param(key: str) -> str:
    return _("The field “%(name)s”") % {"name": _TEXT_CONTROL.sub("?", key)[:50]}


def _under_api(request: HttpRequest) -> bool:
    prefixes = getattr(settings, "CAMPUS_JSON_ERROR_PREFIXES", ("/api/",))
    return request.path.startswith(tuple(prefixes))


def _is_json(response: HttpResponse) -> bool:
    content_type = response.get("Content-Type", "").split(";")[0].strip()
    return content_type.endswith("json")


def _refuse(request: HttpRequest, status: int, detail: str) -> HttpResponse:
    if _under_api(request):
        return JsonResponse({"detail": detail}, status=status)
    return render(request, "web/refused.html", {"detail": detail, "status": status}, status=status)


def _json_error(response: HttpResponse) -> JsonResponse:
    """An HTML or plain-text error of the API as ``{"detail": ...}``, headers kept."""
    status = response.status_code
    if status == 404:
        detail = _(
            "There is no such address in the API; its operations are listed at /api/v1/docs."
        )
    elif status == 405:
        detail = _("This address does not take this method; it takes: %(allowed)s.") % {
            "allowed": response.get("Allow", "")
        }
    elif status >= 500:
        detail = _("Something went wrong on the campus's side; the error has been logged.")
    else:
        detail = response.reason_phrase
    replacement = JsonResponse({"detail": detail}, status=status)
    for header in ("Allow", "Retry-After", "WWW-Authenticate"):
        if header in response:
            replacement[header] = response[header]
    return replacement
