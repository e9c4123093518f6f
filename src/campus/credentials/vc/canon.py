"""JSON-LD to RDF and RDFC-1.0 canonical N-Quads, offline, with a safe-mode check.

Two paths give the same bytes:

* the reference path is pyld (expand, toRdf, URDNA2015 = RDFC-1.0) with the offline loader;
* the fast path (``_FastRdf``) turns the compacted JSON-LD of a credential straight into
  quads, with processed contexts cached per context URL list and per scoped context,
  then labels blank nodes by their first-degree hashes. When every blank node has a
  distinct first-degree hash, RDFC-1.0 needs no n-degree step and the labels are final;
  otherwise the quads go to pyld's RDFC-1.0 implementation. Anything the fast path does
  not implement (``@language``, ``@reverse``, index maps, relative IRIs, ...) raises
  ``_Unsupported`` and the whole document goes the reference way.

The tests compare both paths byte for byte on the W3C vectors and on generated credentials.

Safe mode: JSON-LD silently drops properties that no context defines, so a property added
to a signed credential under an undefined name leaves the canonical form, and the proof,
unchanged. ``expand_safe`` and ``dataset(doc).dropped`` name such properties, and @type
values that no context defines (they would resolve against a made-up base IRI).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass, field
from typing import Any

from pyld import jsonld
from pyld.canon import URDNA2015

from campus.credentials.vc import loader
from campus.credentials.vc.loader import ContextNotAvailable

RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
RDF_FIRST = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#first>"
RDF_REST = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#rest>"
RDF_NIL = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#nil>"
XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"
XSD_BOOLEAN = XSD + "boolean"
XSD_INTEGER = XSD + "integer"
XSD_DOUBLE = XSD + "double"
PYLD_DEFAULT_BASE = jsonld.DEFAULT_BASE_IRI

_ABSOLUTE_IRI = re.compile(r"^([A-Za-z][A-Za-z0-9+-.]*|_):[^\s]*$")
_KEYWORD_LIKE = re.compile(r"^@[a-zA-Z]+$")
_TERM_LOOKS_LIKE_IRI = re.compile(r".*((:[^:])|/)")
_GEN_DELIM_END = re.compile(r".*[:/\?#\[\]@]$")
KEYWORDS = frozenset(
    [
        "@base",
        "@container",
        "@context",
        "@default",
        "@direction",
        "@embed",
        "@explicit",
        "@graph",
        "@id",
        "@import",
        "@included",
        "@index",
        "@json",
        "@language",
        "@list",
        "@nest",
        "@none",
        "@omitDefault",
        "@prefix",
        "@preserve",
        "@propagate",
        "@protected",
        "@requireAll",
        "@reverse",
        "@set",
        "@type",
        "@value",
        "@version",
        "@vocab",
    ]
)


class DroppedTerms(Exception):
    """Expansion dropped properties or types that no context defines."""

    def __init__(self, terms: list[str]):
        self.terms = sorted(set(terms))
        super().__init__(
            "these terms are not defined by any of the credential's contexts, so they are "
            "not covered by its proof: " + ", ".join(self.terms)
        )


class CanonicalisationError(ValueError):
    """The document is not valid JSON-LD (e.g. it redefines a protected term)."""


class _Unsupported(Exception):
    """The fast path does not implement this; use pyld."""


# --------------------------------------------------------------------------- contexts

_ABSENT = object()


class _Term:
    __slots__ = ("iri", "type", "container", "context", "protected", "prefix")

    def __init__(self, iri, type_, container, context, protected, prefix):
        self.iri = iri  # absolute IRI, blank node or keyword; None = explicitly ignored
        self.type = type_  # None, "@id", "@vocab" or a datatype IRI
        self.container = container  # None, "@set", "@list", "@graph"
        self.context = context  # _ABSENT or a scoped context
        self.protected = protected
        self.prefix = prefix

    def same_as(self, other: _Term) -> bool:
        return (
            self.iri == other.iri
            and self.type == other.type
            and self.container == other.container
            and self.prefix == other.prefix
            and (
                self.context is other.context
                or (
                    self.context is not _ABSENT
                    and other.context is not _ABSENT
                    and _json_key(self.context) == _json_key(other.context)
                )
            )
        )


class _Context:
    __slots__ = ("terms", "vocab", "previous", "children", "has_protected")

    def __init__(self, terms=None, vocab=None, previous=None):
        self.terms: dict[str, _Term] = terms if terms is not None else {}
        self.vocab: str | None = vocab
        self.previous: _Context | None = previous
        self.children: dict[Any, _Context] = {}
        self.has_protected = any(t.protected for t in self.terms.values())

    def copy(self) -> _Context:
        return _Context(dict(self.terms), self.vocab, self.previous)

    # ---- IRI expansion (mirrors pyld's _expand_iri; relative results are returned as is)
    def expand_iri(self, value: str, vocab: bool, local=None, defined=None) -> str | None:
        if value in KEYWORDS:
            return value
        if _KEYWORD_LIKE.match(value):
            return None
        if local is not None and value in local and defined.get(value) is not True:
            _define(self, local, value, defined)
        if vocab and value in self.terms:
            return self.terms[value].iri
        colon = value.find(":")
        if colon > 0:
            prefix, suffix = value[:colon], value[colon + 1 :]
            if prefix == "_" or suffix.startswith("//"):
                return value
            if local is not None and prefix in local and not defined.get(prefix):
                _define(self, local, prefix, defined)
            term = self.terms.get(prefix)
            if term is not None and term.prefix:
                return term.iri + suffix
            if _ABSOLUTE_IRI.match(value):
                return value
        if vocab and self.vocab is not None:
            return self.vocab + value
        return value

    def process(self, local: Any, key: Any, override_protected=False, propagate=True):
        """This context with ``local`` applied, cached under ``key``."""
        cache_key = (key, override_protected, propagate)
        child = self.children.get(cache_key)
        if child is None:
            child = _process(self, local, override_protected, propagate, depth=0)
            if len(self.children) > 256:  # hostile documents with many inline contexts
                self.children.clear()
            self.children[cache_key] = child
        return child


def _json_key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


def _context_key(value: Any) -> tuple[str, str]:
    if isinstance(value, str):
        return ("url", value)
    return ("json", _json_key(value))


def _process(active, local, override_protected, propagate, depth) -> _Context:
    if depth > 16:
        raise _Unsupported("context nesting too deep")
    result = active.copy()
    if not propagate and result.previous is None:
        result.previous = active
    for ctx in local if isinstance(local, list) else [local]:
        if ctx is None:
            if not override_protected and result.has_protected:
                raise _Unsupported("null context with protected terms")
            result = _Context()  # as pyld: the initial context, without a previous one
            continue
        if isinstance(ctx, str):
            document = loader.context_document(ctx)
            remote = document.get("@context", _ABSENT)
            if remote is _ABSENT:
                raise _Unsupported("remote context without @context")
            processed = _process(result, remote, override_protected, True, depth + 1)
            processed.previous = result.previous
            result = processed
            continue
        if not isinstance(ctx, dict):
            raise _Unsupported("context is not an object")
        for keyword in ("@import", "@base", "@language", "@direction", "@propagate"):
            if keyword in ctx:
                raise _Unsupported(keyword)
        if "@version" in ctx and ctx["@version"] != 1.1:
            raise _Unsupported("@version")
        protected = ctx.get("@protected", False)
        if not isinstance(protected, bool):
            raise _Unsupported("@protected")
        if "@vocab" in ctx:
            vocab = ctx["@vocab"]
            if vocab is None:
                result.vocab = None
            elif isinstance(vocab, str) and _ABSOLUTE_IRI.match(vocab) and ":" in vocab:
                result.vocab = vocab
            else:
                raise _Unsupported("@vocab")
        defined: dict[str, bool] = {}
        for term in ctx:
            if term in ("@version", "@protected", "@vocab"):
                continue
            _define(result, ctx, term, defined, protected, override_protected)
        result.has_protected = any(t.protected for t in result.terms.values())
    return result


def _define(active, local, term, defined, protected=None, override_protected=False):
    """Create the term definition of ``term`` from ``local`` in ``active`` (in place)."""
    if defined.get(term) is True:
        return
    if term in defined:
        raise _Unsupported("cyclic term definition")
    if protected is None:
        protected = local.get("@protected", False)
    defined[term] = False
    value = local[term]
    if term in KEYWORDS or term == "" or _KEYWORD_LIKE.match(term):
        raise _Unsupported(f"keyword-like term {term}")
    previous = active.terms.pop(term, None)
    simple = isinstance(value, str)
    if value is None:
        value = {"@id": None}
    elif simple:
        value = {"@id": value}
    if not isinstance(value, dict):
        raise _Unsupported("term definition is not an object")
    if set(value) - {"@id", "@type", "@container", "@context", "@protected"}:
        raise _Unsupported("term definition keyword")
    term_protected = value.get("@protected", protected)
    type_ = None
    if "@type" in value:
        type_ = value["@type"]
        if not isinstance(type_, str):
            raise _Unsupported("@type")
        type_ = active.expand_iri(type_, True, local, defined)
        if type_ not in ("@id", "@vocab", "@json", "@none") and not (
            type_ and _ABSOLUTE_IRI.match(type_) and not type_.startswith("_:")
        ):
            raise _Unsupported("term @type")
    colon = term.find(":")
    iri = _ABSENT
    prefix = False
    if "@id" in value and value["@id"] != term:
        raw = value["@id"]
        if raw is None:
            iri = None
        elif not isinstance(raw, str) or (raw not in KEYWORDS and _KEYWORD_LIKE.match(raw)):
            raise _Unsupported("term @id")
        else:
            iri = active.expand_iri(raw, True, local, defined)
            if iri is None or (iri not in KEYWORDS and not _ABSOLUTE_IRI.match(iri)):
                raise _Unsupported("term @id is not absolute")
            if iri.startswith("_:"):
                raise _Unsupported("blank node term")
            if _TERM_LOOKS_LIKE_IRI.match(term):
                check = dict(defined)
                check[term] = True
                if active.expand_iri(term, True, local, check) != iri:
                    raise _Unsupported("term in form of IRI")
            prefix = simple and colon <= 0 and bool(_GEN_DELIM_END.match(iri))
    if iri is _ABSENT:
        if colon > 0:
            head = term[:colon]
            if head in local:
                _define(active, local, head, defined)
            if active.terms.get(head) is not None:
                iri = active.terms[head].iri + term[colon + 1 :]
            else:
                iri = term
            if not _ABSOLUTE_IRI.match(iri) or iri.startswith("_:"):
                raise _Unsupported("term IRI")
        elif "/" in term:
            raise _Unsupported("relative IRI term")
        elif active.vocab is not None:
            iri = active.vocab + term
        else:
            raise _Unsupported("term without @id")
    container = value.get("@container")
    if isinstance(container, list):
        container = set(container)
        if container <= {"@set"}:
            container = "@set" if container else None
        elif container == {"@graph", "@set"} or container == {"@graph"}:
            container = "@graph"
        elif container == {"@list"}:
            container = "@list"
        else:
            raise _Unsupported("@container")
    elif container not in (None, "@set", "@list", "@graph"):
        raise _Unsupported("@container")
    if iri in KEYWORDS and (
        iri not in ("@id", "@type") or len(value) > 1 + ("@protected" in value)
    ):
        raise _Unsupported("keyword alias with options")
    definition = _Term(
        iri, type_, container, value.get("@context", _ABSENT), bool(term_protected), prefix
    )
    if previous is not None and previous.protected and not override_protected:
        if not definition.same_as(previous):
            raise _Unsupported("protected term redefinition")
        definition = previous
    active.terms[term] = definition
    defined[term] = True


_ROOT = _Context()


def forget_contexts() -> None:
    """Drop every processed context (after a context document was registered)."""
    _ROOT.children.clear()
    jsonld._resolved_context_cache.clear()


# --------------------------------------------------------------------------- to RDF


def _escape(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace("\t", "\\t")
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace('"', '\\"')
    )


def _literal(value: Any, datatype: str | None) -> str:
    """The N-Quads form of a JSON-LD value (as pyld's _object_to_rdf writes it)."""
    if isinstance(value, bool):
        lexical, datatype = ("true" if value else "false"), datatype or XSD_BOOLEAN
    elif isinstance(value, float) and not value.is_integer():
        if not math.isfinite(value):
            raise _Unsupported("non-finite number")
        lexical, datatype = _canonical_double(value), datatype or XSD_DOUBLE
    elif datatype == XSD_DOUBLE:
        raise _Unsupported("xsd:double coercion")
    elif isinstance(value, int | float):
        if abs(value) >= 1e21:
            raise _Unsupported("huge number")
        lexical, datatype = str(int(value)), datatype or XSD_INTEGER
    elif isinstance(value, str):
        lexical, datatype = value, datatype or XSD_STRING
    else:
        raise _Unsupported("value type")
    if datatype == XSD_STRING:
        return '"' + _escape(lexical) + '"'
    return '"' + _escape(lexical) + '"^^<' + datatype + ">"


def _canonical_double(value: float) -> str:
    return re.sub(r"(\d)0*E\+?(-)?0*(\d)", r"\1E\2\3", f"{value:1.15E}")


def _iri(value: str | None) -> str:
    if value is None or not _ABSOLUTE_IRI.match(value):
        raise _Unsupported("relative IRI")
    return value if value.startswith("_:") else "<" + value + ">"


class _FastRdf:
    """One document's walk: quads (as N-Quads terms) and the terms that no context defines."""

    def __init__(self):
        self.quads: set[tuple[str, str, str, str | None]] = set()
        self.dropped: list[str] = []
        self.counter = 0
        self.labels: dict[str, str] = {}

    def blank(self) -> str:
        self.counter += 1
        return f"_:b{self.counter}"

    def label(self, iri: str) -> str:
        if iri.startswith("_:"):
            mine = self.labels.get(iri)
            if mine is None:
                mine = self.labels[iri] = f"_:i{len(self.labels)}"
            return mine
        return _iri(iri)

    def document(self, doc: dict) -> None:
        if not isinstance(doc, dict):
            raise _Unsupported("document is not an object")
        context = _ROOT
        if "@context" in doc:
            raw = doc["@context"]
            context = _ROOT.process(raw, _context_key(raw))
        self.node(doc, context, None, None, top=True)

    def node(self, element: dict, ctx: _Context, term: _Term | None, graph, top=False):
        """Emit a node object's quads; return its subject (or None for a value)."""
        type_scoped = ctx
        if ctx.previous is not None and not top:
            revert = True
            if len(element) <= 2 and "@context" not in element:
                for key in sorted(element):
                    expanded = ctx.expand_iri(key, True)
                    if expanded == "@value":
                        raise _Unsupported("value object in a type-scoped context")
                    if expanded == "@id" and len(element) == 1:
                        revert = False
                        break
            if revert:
                ctx = ctx.previous
        if term is not None and term.context is not _ABSENT:
            ctx = ctx.process(term.context, term, override_protected=True)
        if "@context" in element and not top:
            raw = element["@context"]
            ctx = ctx.process(raw, _context_key(raw))
        type_scoped = ctx
        types: list[str] = []
        for key in sorted(element):
            if ctx.expand_iri(key, True) != "@type":
                continue
            values = element[key]
            values = values if isinstance(values, list) else [values]
            if not all(isinstance(v, str) for v in values):
                raise _Unsupported("@type value")
            types.extend(values)
            for value in sorted(values):
                definition = type_scoped.terms.get(value)
                if definition is not None and definition.context is not _ABSENT:
                    ctx = ctx.process(definition.context, definition, propagate=False)
        subject = None
        expanded_keys = []
        for key in element:
            if key == "@context":
                continue
            expanded = ctx.expand_iri(key, True)
            if expanded is None or (expanded not in KEYWORDS and not _ABSOLUTE_IRI.match(expanded)):
                self.dropped.append(key)
                continue
            if expanded == "@id":
                value = element[key]
                if not isinstance(value, str) or subject is not None:
                    raise _Unsupported("@id value")
                subject = self.label(ctx.expand_iri(value, False))
            elif expanded == "@type":
                continue
            elif expanded == "@value":
                raise _Unsupported("value object with other keys")
            elif expanded in KEYWORDS or expanded.startswith("_:"):
                raise _Unsupported(f"keyword {expanded}")
            else:
                expanded_keys.append((key, expanded))
        if subject is None:
            subject = self.blank()
        quads = self.quads
        for value in types:
            iri = type_scoped.expand_iri(value, True)
            if iri is None or not _ABSOLUTE_IRI.match(iri):
                self.dropped.append(value)
                raise _Unsupported("relative @type")
            quads.add((subject, RDF_TYPE, self.label(iri), graph))
        for key, expanded in expanded_keys:
            predicate = "<" + expanded + ">"
            definition = ctx.terms.get(key)
            value = element[key]
            if definition is not None and definition.type in ("@json", "@none"):
                raise _Unsupported(definition.type)
            if definition is not None and definition.container == "@list":
                quads.add(
                    (subject, predicate, self.list(value, key, ctx, definition, graph), graph)
                )
                continue
            term_ctx = ctx
            if definition is not None and definition.context is not _ABSENT:
                term_ctx = ctx.process(definition.context, definition, override_protected=True)
            is_graph = definition is not None and definition.container == "@graph"
            for item in _flatten(value):
                if is_graph:
                    if not isinstance(item, dict):
                        raise _Unsupported("@graph container value")
                    name = self.blank()
                    self.node(item, term_ctx, term_ctx.terms.get(key), name)
                    quads.add((subject, predicate, name, graph))
                    continue
                obj = self.object(item, key, term_ctx, definition, graph)
                if obj is not None:
                    quads.add((subject, predicate, obj, graph))
        return subject

    def object(self, item, key, term_ctx: _Context, definition, graph) -> str | None:
        """The object term for one value of property ``key``."""
        if item is None:
            return None
        if isinstance(item, dict):
            value_key = None
            for k in item:
                if term_ctx.expand_iri(k, True) == "@value":
                    value_key = k
            if value_key is not None:
                return self.value_object(item, term_ctx)
            return self.node(item, term_ctx, term_ctx.terms.get(key), graph)
        scalar_def = term_ctx.terms.get(key)
        type_ = scalar_def.type if scalar_def is not None else None
        if type_ in ("@json", "@none"):
            raise _Unsupported(type_)
        if isinstance(item, str) and type_ in ("@id", "@vocab"):
            return self.label(term_ctx.expand_iri(item, type_ == "@vocab"))
        if isinstance(item, list):
            raise _Unsupported("nested list")
        return _literal(item, type_ if type_ not in ("@id", "@vocab") else None)

    def value_object(self, item: dict, ctx: _Context) -> str | None:
        value = _ABSENT
        datatype = None
        for k, v in item.items():
            expanded = ctx.expand_iri(k, True)
            if expanded == "@value":
                value = v
            elif expanded == "@type":
                if not isinstance(v, str):
                    raise _Unsupported("value @type")
                datatype = ctx.expand_iri(v, True)
                if (
                    datatype is None
                    or not _ABSOLUTE_IRI.match(datatype)
                    or datatype.startswith("_:")
                ):
                    raise _Unsupported("value @type")
            else:
                raise _Unsupported(f"value object key {k}")
        if value is None:
            return None
        if isinstance(value, dict | list):
            raise _Unsupported("@value is not a scalar")
        return _literal(value, datatype)

    def list(self, value, key, ctx: _Context, definition: _Term, graph) -> str:
        term_ctx = ctx
        if definition.context is not _ABSENT:
            term_ctx = ctx.process(definition.context, definition, override_protected=True)
        items = value if isinstance(value, list) else [value]
        objects = []
        for item in items:
            if isinstance(item, list):
                raise _Unsupported("list of lists")
            if isinstance(item, dict) and any(
                term_ctx.expand_iri(k, True) in ("@list", "@set") for k in item
            ):
                raise _Unsupported("explicit @list")
            obj = self.object(item, key, term_ctx, definition, graph)
            if obj is not None:
                objects.append(obj)
        head = RDF_NIL
        for obj in reversed(objects):
            node = self.blank()
            self.quads.add((node, RDF_FIRST, obj, graph))
            self.quads.add((node, RDF_REST, head, graph))
            head = node
        return head


def _flatten(value):
    if isinstance(value, list):
        for item in value:
            yield from _flatten(item)
    else:
        yield value


# --------------------------------------------------------------------------- RDFC-1.0


def _line(quad) -> str:
    s, p, o, g = quad
    if g is None:
        return f"{s} {p} {o} .\n"
    return f"{s} {p} {o} {g} .\n"


def _canonical_nquads(quads) -> str:
    """RDFC-1.0 for the common case; pyld's implementation when first-degree hashes tie."""
    by_node: dict[str, list] = {}
    for quad in quads:
        s, _, o, g = quad
        if s[0] == "_":
            by_node.setdefault(s, []).append(quad)
        if o[0] == "_":
            by_node.setdefault(o, []).append(quad)
        if g is not None and g[0] == "_":
            by_node.setdefault(g, []).append(quad)
    if not by_node:
        return "".join(sorted(_line(q) for q in quads))
    hashes = {}
    for node, node_quads in by_node.items():
        lines = []
        for s, p, o, g in node_quads:
            s = ("_:a" if s == node else "_:z") if s[0] == "_" else s
            o = ("_:a" if o == node else "_:z") if o[0] == "_" else o
            if g is not None and g[0] == "_":
                g = "_:a" if g == node else "_:z"
            lines.append(_line((s, p, o, g)))
        lines.sort()
        hashes[node] = hashlib.sha256("".join(lines).encode("utf-8")).hexdigest()
    if len(set(hashes.values())) != len(hashes):
        return _pyld_rdfc(quads)
    canonical = {
        node: f"_:c14n{n}" for n, node in enumerate(sorted(hashes, key=hashes.__getitem__))
    }
    lines = []
    for s, p, o, g in quads:
        if s[0] == "_":
            s = canonical[s]
        if o[0] == "_":
            o = canonical[o]
        if g is not None and g[0] == "_":
            g = canonical[g]
        lines.append(_line((s, p, o, g)))
    lines.sort()
    return "".join(lines)


_UNESCAPE = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r", '"': '"'}
_ESCAPED = re.compile(r"\\(.)")


def _unescape(value: str) -> str:
    return _ESCAPED.sub(lambda m: _UNESCAPE[m.group(1)], value)


def _pyld_term(term: str) -> dict[str, str]:
    if term[0] == "<":
        return {"type": "IRI", "value": term[1:-1]}
    if term[0] == "_":
        return {"type": "blank node", "value": term}
    split = term.rfind('"^^<')
    if split == -1:
        return {"type": "literal", "value": _unescape(term[1:-1]), "datatype": XSD_STRING}
    return {"type": "literal", "value": _unescape(term[1:split]), "datatype": term[split + 4 : -1]}


def _pyld_rdfc(quads) -> str:
    """pyld's RDFC-1.0 (URDNA2015) over our quads, for datasets that need the n-degree step."""
    dataset: dict[str, list] = {}
    for s, p, o, g in quads:
        triple = {"subject": _pyld_term(s), "predicate": _pyld_term(p), "object": _pyld_term(o)}
        dataset.setdefault("@default" if g is None else g, []).append(triple)
    return URDNA2015().main(dataset, {"algorithm": "URDNA2015", "format": "application/n-quads"})


# --------------------------------------------------------------------------- public API


@dataclass
class Dataset:
    """A document as RDF: its canonical N-Quads and what expansion dropped."""

    nquads: str
    dropped: list[str] = field(default_factory=list)
    fast: bool = True


def _unwrap(error: BaseException) -> BaseException:
    """The ContextNotAvailable inside a pyld error, if there is one."""
    seen = set()
    stack = [error]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, ContextNotAvailable):
            return current
        details = getattr(current, "details", None)
        if isinstance(details, dict):
            stack.extend(v for v in details.values() if isinstance(v, BaseException))
        for linked in (current.__cause__, current.__context__):
            if linked is not None:
                stack.append(linked)
    return error


def _pyld_options(**extra) -> dict:
    return {"documentLoader": loader.document_loader, **extra}


def _reference_dropped(doc: Any) -> tuple[list, list[str]]:
    """pyld expansion of ``doc`` and the properties and types it dropped."""
    dropped: list[str] = []

    def on_dropped(expanded_property):
        dropped.append(expanded_property if expanded_property is not None else "@-keyword")

    try:
        expanded = jsonld.JsonLdProcessor(on_property_dropped=on_dropped).expand(
            doc, _pyld_options()
        )
    except jsonld.JsonLdError as error:
        cause = _unwrap(error)
        if isinstance(cause, ContextNotAvailable):
            raise cause from None
        raise CanonicalisationError(_pyld_message(error)) from None

    def scan(value):
        if isinstance(value, list):
            for item in value:
                scan(item)
        elif isinstance(value, dict):
            for key, item in value.items():
                if key == "@type" and "@value" not in value:
                    for t in item if isinstance(item, list) else [item]:
                        if isinstance(t, str) and (
                            t.startswith(PYLD_DEFAULT_BASE) or not _ABSOLUTE_IRI.match(t)
                        ):
                            dropped.append(t.removeprefix(PYLD_DEFAULT_BASE))
                elif key != "@value":
                    scan(item)

    scan(expanded)
    return expanded, dropped


def _pyld_message(error: Exception) -> str:
    message = error.args[0] if error.args else str(error)
    return f"the document is not valid JSON-LD: {message}"


def reference_canonicalize(doc: Any) -> str:
    """RDFC-1.0 N-Quads by pyld alone (the reference the fast path is tested against)."""
    try:
        return jsonld.normalize(
            doc,
            _pyld_options(algorithm="URDNA2015", format="application/n-quads"),
        )
    except jsonld.JsonLdError as error:
        cause = _unwrap(error)
        if isinstance(cause, ContextNotAvailable):
            raise cause from None
        raise CanonicalisationError(_pyld_message(error)) from None


def reference_dataset(doc: Any) -> Dataset:
    """``dataset`` by pyld alone."""
    _, dropped = _reference_dropped(doc)
    return Dataset(reference_canonicalize(doc), dropped, fast=False)


def dataset(doc: Any) -> Dataset:
    """The canonical N-Quads of ``doc`` and the terms its expansion dropped (fast path first).

    Raises ContextNotAvailable for a context that cannot be loaded offline and
    CanonicalisationError for a document that is not valid JSON-LD.
    """
    walk = _FastRdf()
    try:
        walk.document(doc)
    except _Unsupported:
        return reference_dataset(doc)
    except RecursionError:
        raise CanonicalisationError("the document is nested too deeply") from None
    return Dataset(_canonical_nquads(walk.quads), walk.dropped)


def canonicalize(doc: Any, *, safe: bool = False) -> str:
    """RDFC-1.0 canonical N-Quads of ``doc``; with ``safe``, DroppedTerms if a term is undefined."""
    result = dataset(doc)
    if safe and result.dropped:
        raise DroppedTerms(result.dropped)
    return result.nquads


def expand_safe(doc: Any) -> list:
    """pyld expansion of ``doc`` with the offline loader; DroppedTerms if a term is undefined."""
    expanded, dropped = _reference_dropped(doc)
    if dropped:
        raise DroppedTerms(dropped)
    return expanded
