"""Bounds on what the campus accepts from outside, below every app.

Every request passes ``middleware.InputBoundsMiddleware`` (characters, body size, the API's
error shape); code that parses JSON itself uses ``json_limits``; list endpoints and pages
take their paging parameters from ``pagination``. Nothing here imports a domain app.
"""
