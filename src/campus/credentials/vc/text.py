"""Sentences the verifier says, in English, that a campus can say again in its reader's
language: a ``Text`` is the English sentence (a ``str``, so every caller reads it as before)
that also keeps its template and params. The templates are marked for translation by being
written as ``_("...")`` calls; this package imports no translation machinery itself.
"""

from __future__ import annotations

from typing import Any


class Text(str):
    """An English sentence made from ``template % params``, keeping both."""

    template: str
    params: dict[str, Any]

    def __new__(cls, template: str, **params: Any) -> Text:
        made = super().__new__(cls, template % params if params else template)
        made.template, made.params = template, params
        return made


class Joined(str):
    """Sentences joined by ``sep``, each kept (some may be ``Text``)."""

    parts: list[str]
    sep: str

    def __new__(cls, parts: list[str], sep: str = "; ") -> Joined:
        made = super().__new__(cls, sep.join(parts))
        made.parts, made.sep = list(parts), sep
        return made


def _(template: str, **params: Any) -> Text:
    """Mark ``template`` for translation and fill it (see ``Text``)."""
    return Text(template, **params)


def render(text: Any, translate) -> str:
    """``text`` said again with ``translate`` (a gettext), its params rendered too."""
    if isinstance(text, Joined):
        return text.sep.join(render(part, translate) for part in text.parts)
    if isinstance(text, Text):
        params = {k: render(v, translate) for k, v in text.params.items()}
        try:
            return translate(text.template) % params if params else translate(text.template)
        except (KeyError, TypeError, ValueError):
            return str(text)
    return str(text) if isinstance(text, str) else text
