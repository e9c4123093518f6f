"""Notifications are stored untranslated and rendered in the reader's language when read.

A message is an English text marked with ``gettext_noop`` with ``%(name)s`` placeholders;
its params are stored as JSON that can be rendered again in any language:

- text, whole numbers and booleans as they are (names, titles, reasons: what people wrote);
- a lazy translation (a model choice's label, ``gettext_lazy``) as its message id, translated
  when read: ``{"msgid": "Student"}``;
- a decimal or other fractional number as ``{"number": "7.5"}``, written the reader's way;
- a date as ``{"date": "2027-01-09"}``, in the reader's date format;
- a list or tuple as ``{"join": [...]}``, each part rendered, joined with ", ".

Anything else (a model instance, say) is refused: its text would be frozen in one language.
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import formats, translation
from django.utils.functional import Promise
from django.utils.translation import gettext


def encode(value: Any) -> Any:
    """``value`` as JSON that ``decode`` renders in whichever language is active then."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Promise):
        with translation.override(None):  # no language: the lazy text is its message id
            return {"msgid": str(value)}
    if isinstance(value, Decimal | float):
        return {"number": str(value)}
    if isinstance(value, datetime.datetime):
        raise TypeError("a notification names a date, not a moment; pass .date()")
    if isinstance(value, datetime.date):
        return {"date": value.isoformat()}
    if isinstance(value, list | tuple):
        return {"join": [encode(v) for v in value]}
    raise TypeError(
        f"a notification param must be plain (text, number, date, lazy label), "
        f"not {type(value).__name__}: its text would be fixed in one language"
    )


def encode_params(params: dict | None) -> dict:
    return {str(key): encode(value) for key, value in (params or {}).items()}


def decode(value: Any) -> Any:
    """A stored param as text in the active language."""
    if isinstance(value, dict):
        if "msgid" in value:
            return gettext(str(value["msgid"]))
        if "number" in value:
            try:
                return formats.localize(Decimal(str(value["number"])))
            except InvalidOperation:
                return str(value["number"])
        if "date" in value:
            try:
                day = datetime.date.fromisoformat(str(value["date"]))
            except ValueError:
                return str(value["date"])
            return formats.date_format(day, "DATE_FORMAT")
        if "join" in value:
            return ", ".join(str(decode(v)) for v in value["join"])
    return value


def render(message_id: str, params: dict | None, *, fallback: str = "") -> str:
    """The message in the active language, its params filled in (each rendered too)."""
    text = gettext(message_id)
    if not params:
        return text
    try:
        return text % {key: decode(value) for key, value in params.items()}
    except (KeyError, TypeError, ValueError):
        # A translation that names a placeholder the params lack: say it in English rather
        # than not at all.
        try:
            return message_id % {key: decode(value) for key, value in params.items()}
        except (KeyError, TypeError, ValueError):
            return fallback or message_id
