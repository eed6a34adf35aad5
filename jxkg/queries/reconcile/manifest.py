"""The service manifest: what a client learns from `GET` on the endpoint before it sends anything."""

from __future__ import annotations

from jxkg import __version__
from jxkg.ontology.conventions import JX, JXD
from jxkg.ontology.schema import GraphSchema, load_schema
from jxkg.queries.reconcile.batch import MAX_BATCH
from jxkg.queries.reconcile.model import (
    SPEC_VERSION,
    Manifest,
    PreviewMetadata,
    SecurityScheme,
    SuggestMetadata,
    SuggestServices,
    ViewTemplate,
)
from jxkg.queries.reconcile.terms import reconcilable_types, type_ref

PREVIEW_WIDTH = 400
PREVIEW_HEIGHT = 180
SUGGEST_PATHS = {"entity": "/suggest/entity", "type": "/suggest/type", "property": "/suggest/property"}
PREVIEW_PATH = "/preview"


def manifest(
    service_url: str,
    site_url: str,
    *,
    schema: GraphSchema | None = None,
    key_header: str | None = None,
    documentation: str | None = None,
) -> Manifest:
    """The manifest of the service at `service_url`, whose entities the explorer at `site_url` shows.

    `key_header`: the header a key goes in, announced as the v0.2 `authentication` scheme, when the
    server requires keys. Types are the ontology's classes, concrete and abstract (an abstract one
    takes its subclasses), ingest's own records left out.
    """
    schema = schema if schema is not None else load_schema()
    service, site = service_url.rstrip("/"), site_url.rstrip("/")
    suggest = {kind: SuggestMetadata(service_url=service, service_path=path) for kind, path in SUGGEST_PATHS.items()}
    return Manifest(
        versions=["0.1", SPEC_VERSION],
        name=f"jxkg · {schema.title_zh} · {schema.title_en}".replace(" ontology", "").replace("本体", ""),
        identifierSpace=str(JXD),
        schemaSpace=str(JX),
        defaultTypes=[type_ref(t, schema) for t in reconcilable_types(schema) if not t.abstract],
        documentation=documentation,
        serviceVersion=__version__,
        view=ViewTemplate(url=f"{site}/?n={{{{id}}}}&sel={{{{id}}}}"),
        preview=PreviewMetadata(
            url=f"{service}{PREVIEW_PATH}?id={{{{id}}}}", width=PREVIEW_WIDTH, height=PREVIEW_HEIGHT
        ),
        suggest=SuggestServices(**suggest),
        batchSize=MAX_BATCH,
        authentication=(
            SecurityScheme(name=key_header, description="a jxkg API key with the reader role") if key_header else None
        ),
    )
