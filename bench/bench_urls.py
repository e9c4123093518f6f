"""The campus's routes plus ``/bench/bare/``: the cheapest Django view that still touches the
database (one ``SELECT 1``), served by the same server and middleware, as a baseline."""

from django.db import connection
from django.http import JsonResponse
from django.urls import include, path


def bare(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return JsonResponse({"ok": True})


urlpatterns = [
    path("bench/bare/", bare),
    path("", include("campus.urls")),
]
