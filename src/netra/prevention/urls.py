"""Prevention pages. Each concept keeps its own route list; names share the `prevention`
namespace (an included module without app_name joins the enclosing one).

Workspace pages live under /pencegahan/; the public ones are /ikrar/ (pledge on a phone),
/hadir/<token>/ (QR self check-in) and /cakupan/ (aggregate coverage, no names).
"""

from django.urls import include, path

app_name = "prevention"

urlpatterns = [
    path("", include("netra.prevention.urls_activities")),
    path("", include("netra.prevention.urls_pledges")),
    path("", include("netra.prevention.urls_pacts")),
    path("", include("netra.prevention.urls_coverage")),
]
