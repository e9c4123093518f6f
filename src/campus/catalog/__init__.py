"""The catalogue app: courses and their runs, joint programmes, and people's records
(enrolment, results, transcripts). Four parts (catalogue, programmes, records, teaching)
share one vocabulary of packages; in each, a module per part:

- ``models``: every model of the app (one module, so migrations stay simple).
- ``services/``: every write. ``selectors/``: every read that is more than a ``get()``.
- ``views/`` + ``urls/`` + ``templates/catalog/``: the pages. ``forms/``: their forms.
- ``api/`` + ``schemas/``: the /api/v1 routers and their schemas.
- ``permissions``: the rules for courses, runs and enrolments. ``signals``: ``result_recorded``.
- Formats and mechanisms: ``search`` (full-text index), ``csv_io`` (CSV files), ``ical``
  (calendar feeds), ``transcript_pdf`` (the transcript as PDF), ``validation`` (input numbers).

"Learning" is kept for the learning spaces of runs (a later app): what a person has enrolled
in and achieved is their *records*.
"""
