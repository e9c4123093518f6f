"""The campus's settings for bench_quiz_submissions: the same, plus a bare view to compare with.

Only the URL configuration changes (``bench.bench_urls``: the campus's routes and
``/bench/bare/``), so the campus is served exactly as configured by the environment.
"""

from campus.settings import *  # noqa: F403 - the campus's settings, unchanged

ROOT_URLCONF = "bench.bench_urls"
