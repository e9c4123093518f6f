"""The campus's addresses with the assignments' pages and API wired in, for their tests only
(the project's urls and API object include them once they are wired)."""

from django.urls import include, path

from campus.api import CampusAPI, api
from campus.learning.assignments_api import router
from campus.urls import urlpatterns as campus_urlpatterns

test_api = CampusAPI(
    title="assignments (test)",
    version="test-assignments",
    urls_namespace="api_assignments_test",
    auth=api.auth,
)
test_api._exception_handlers = api._exception_handlers
test_api.add_router("/", router)

urlpatterns = [
    path("api/v1/", test_api.urls),
    path("", include("campus.learning.urls_assignments")),
    *campus_urlpatterns,
]
