"""An offline JSON-LD document loader: the contexts the campus ships, and nothing else.

A signer or verifier must never fetch a context at run time (a context served by someone
else can change what a signed credential means), so every URL is answered from the files
in ``contexts/`` or from documents registered in this process; any other URL is an error.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

CONTEXTS_DIR = Path(__file__).resolve().parent / "contexts"

HEROES_MICROCREDENTIAL_V1 = "https://campus.heroes-alliance.eu/contexts/microcredential/v1"

# URL -> file in contexts/ (sources in contexts/SOURCES.md)
CONTEXTS: dict[str, str] = {
    "https://www.w3.org/ns/credentials/v2": "credentials-v2.jsonld",
    "https://www.w3.org/ns/credentials/examples/v2": "credentials-examples-v2.jsonld",
    "https://www.w3.org/2018/credentials/v1": "credentials-v1.jsonld",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json": "ob-v3p0-context-3.0.3.json",
    "https://w3id.org/citizenship/v4rc1": "citizenship-v4rc1.jsonld",
    "https://w3id.org/security/suites/ed25519-2020/v1": "ed25519-signature-2020-v1.jsonld",
    HEROES_MICROCREDENTIAL_V1: "heroes-microcredential-v1.jsonld",
}

_documents: dict[str, dict[str, Any]] = {}


class ContextNotAvailable(Exception):
    """A context URL that the offline loader cannot serve."""

    def __init__(self, url: str):
        super().__init__(f"context {url} is not available offline")
        self.url = url


def register_context(url: str, document: dict[str, Any]) -> None:
    """Serve ``document`` for ``url`` from now on (e.g. a campus extension context)."""
    if not isinstance(document, dict) or "@context" not in document:
        raise ValueError("a context document is a JSON object with an @context member")
    _documents[url] = copy.deepcopy(document)
    # contexts processed from the old document must not be reused
    from campus.credentials.vc import canon

    canon.forget_contexts()


def context_document(url: str) -> dict[str, Any]:
    """The parsed context document for ``url`` (shared: do not modify it)."""
    document = _documents.get(url)
    if document is None:
        filename = CONTEXTS.get(url)
        if filename is None:
            raise ContextNotAvailable(url)
        document = json.loads((CONTEXTS_DIR / filename).read_text(encoding="utf-8"))
        _documents[url] = document
    return document


def is_available(url: str) -> bool:
    """Whether ``url`` can be served offline."""
    return url in _documents or url in CONTEXTS


def document_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """pyld document loader: a RemoteDocument for a shipped context, never the network."""
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        # pyld may keep references into the document; give it its own copy
        "document": copy.deepcopy(context_document(url)),
    }
