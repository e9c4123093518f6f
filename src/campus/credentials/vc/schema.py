"""Checking a credential against the Open Badges 3.0 JSON Schema (1EdTech, draft 2019-09).

The schema ships beside this module (``schemas/``, sources in SOURCES.md) and
nothing is fetched from the network: references resolve against a registry
that holds only the shipped schema (and the JSON Schema meta-schemas that
``jsonschema`` bundles). A reference to anything else fails with a message
that says so, rather than reaching out to the internet.

Plain data in and out; no Django.
"""

from __future__ import annotations

import functools
import json
import re
from datetime import date, datetime
from pathlib import Path

from jsonschema import Draft201909Validator, FormatChecker
from jsonschema.exceptions import ValidationError, best_match
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource, Unresolvable
from referencing.jsonschema import DRAFT201909

SCHEMA_PATH = Path(__file__).parent / "schemas" / "ob_v3p0_achievementcredential_schema.json"

_DATE_TIME = re.compile(
    r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})", re.ASCII
)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


class RemoteReferenceError(RuntimeError):
    """The schema refers to a document that is not shipped with the campus."""


def validate_openbadge(doc: dict) -> list[str]:
    """Every way ``doc`` breaks the Open Badges 3.0 AchievementCredential schema; [] when valid.

    Each message starts with the JSON path of the offending value, e.g.
    ``credentialSubject.achievement: 'criteria' is a required property``.
    """
    validator = _validator()
    try:
        errors = sorted(validator.iter_errors(doc), key=_sort_key)
    except Unresolvable as exc:
        raise RemoteReferenceError(
            f"the Open Badges schema refers to {exc.ref!r}, which is not shipped in "
            f"{SCHEMA_PATH.parent}; schemas are never fetched from the network"
        ) from exc
    return [_message(error) for error in errors]


@functools.cache
def _validator() -> Draft201909Validator:
    """The schema, read, checked and compiled once per process."""
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft201909Validator.check_schema(schema)
    resource = Resource.from_contents(schema, default_specification=DRAFT201909)
    registry = Registry(retrieve=_refuse_retrieval).with_resource(schema["$id"], resource)
    return Draft201909Validator(schema, registry=registry, format_checker=_format_checker())


def _refuse_retrieval(uri: str):
    raise NoSuchResource(ref=uri)


def _format_checker() -> FormatChecker:
    """The formats the schema uses, checked here rather than by optional packages.

    ``jsonschema`` checks ``date-time`` only when ``rfc3339-validator`` happens to
    be installed; a check that comes and goes with the environment is no check.
    """
    checker = FormatChecker(formats=())

    @checker.checks("date-time", raises=ValueError)
    def is_date_time(value: object) -> bool:
        if not isinstance(value, str):
            return True
        if not _DATE_TIME.fullmatch(value):
            return False
        datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
        return True

    @checker.checks("date", raises=ValueError)
    def is_date(value: object) -> bool:
        if not isinstance(value, str):
            return True
        if not _DATE.fullmatch(value):
            return False
        date.fromisoformat(value)
        return True

    return checker


def _path(parts) -> str:
    path = ""
    for part in parts:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path


def _sort_key(error: ValidationError) -> tuple:
    return tuple(str(part) for part in error.absolute_path), error.message


def _message(error: ValidationError) -> str:
    path = _path(error.absolute_path)
    closest = _closest(error)
    if closest is None:
        message = _shorten(error)
    else:
        # anyOf/oneOf: jsonschema's own message repeats the whole value; say
        # instead which alternative came closest, and why it failed.
        inner = _path(closest.absolute_path)
        where = f"{inner}: " if inner and inner != path else ""
        message = f"matches none of the allowed forms; closest: {where}{_message_of(closest)}"
    return f"{path}: {message}" if path else message


def _message_of(error: ValidationError) -> str:
    closest = _closest(error)
    return _shorten(error) if closest is None else _message_of(closest)


def _closest(error: ValidationError) -> ValidationError | None:
    """For a failed anyOf/oneOf, the first error of the alternative that came closest.

    An alternative for another JSON type (a string where an object was given)
    is no help to the reader; among the rest, the one with the fewest errors wins.
    """
    if error.validator not in ("anyOf", "oneOf") or not error.context:
        return None
    by_alternative: dict[int, list[ValidationError]] = {}
    for sub in error.context:
        by_alternative.setdefault(sub.schema_path[0], []).append(sub)

    def wrong_type(errors: list[ValidationError]) -> bool:
        return any(e.validator == "type" and not e.relative_path for e in errors)

    alternatives = [errors for errors in by_alternative.values() if not wrong_type(errors)]
    if not alternatives:
        return best_match(error.context)
    fewest = min(alternatives, key=len)
    return best_match(fewest)


def _shorten(error: ValidationError, limit: int = 300) -> str:
    """jsonschema quotes the whole offending value, which can be a whole credential."""
    message = error.message
    value = repr(error.instance)
    if len(value) > 80 and value in message:
        message = message.replace(value, value[:60] + " … " + value[-1])
    return message if len(message) <= limit else message[: limit - 1] + "…"
