"""The catalogue app's part of /api/v1: one django-ninja router per part, mounted by
``campus.api``; schemas are in ``campus.catalog.schemas``.

- ``catalogue``: the public catalogue (courses, one course, programmes).
- ``records``: the learner's own records (enrol, withdraw, enrolments, transcript).
- ``teaching``: a run's participants and its results, for teachers and coordinators.
"""
