"""The demo alliance: a development-only app (settings install it outside production only).

It holds the ``seed_demo`` and ``demo_logins`` commands, the seeding code, which writes only
through the campus's services, and the demo's data files under ``data/``.
"""
