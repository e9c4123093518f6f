"""The catalogue's pages, one module per part, routed by ``campus.catalog.urls``:

- ``catalogue``: the public catalogue and a course's page.
- ``programmes``: the joint programmes and one programme with the learner's progress.
- ``records``: enrol and withdraw, my records, the transcript (page, PDF, JSON).
- ``teaching``: the teacher's and coordinator's pages (runs, results, courses, import,
  export, the calendar feed).

Templates are in ``templates/catalog/`` (``teaching/`` for the teaching pages).
"""
