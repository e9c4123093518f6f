"""The pydantic schemas of the catalogue's API (``campus.catalog.api``), one module per part:
``catalogue`` (courses, runs, programmes), ``records`` (enrolments, transcript), ``teaching``
(participants, results). Schema names are global in the OpenAPI document, so each is unique."""
