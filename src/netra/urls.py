from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularSwaggerView

from netra.web.schema_view import CachedSpectacularAPIView

api_v1 = [
    path("rules/", include("netra.rules.api.urls")),
    path("elections/", include("netra.elections.api.urls")),
    path("regions/", include("netra.regions.api.urls")),
    path("workdays/", include("netra.workdays.api.urls")),
    path("registry/", include("netra.registry.api.urls")),
    path("reports/", include("netra.intake.api.urls")),
    path("cases/", include("netra.cases.api.urls")),
    path("sanctions/", include("netra.sanctions.api.urls")),
    path("documents/", include("netra.documents.api.urls")),
    path("prevention/", include("netra.prevention.api.urls")),
    path("statistics/", include("netra.analytics.api.urls")),
]

urlpatterns = [
    path("kerja/audit/", include("netra.audit.urls")),
    path("", include("netra.web.urls")),
    path("akun/", include("netra.accounts.urls")),
    path("aturan/", include("netra.rules.urls")),
    path("lapor/", include("netra.intake.urls")),
    path("kasus/", include("netra.cases.urls")),
    path("analitik/", include("netra.analytics.dashboard_urls")),
    path("statistik/", include("netra.analytics.public_urls")),
    path("sanksi/", include("netra.sanctions.urls")),
    path("verify/", include("netra.documents.urls")),
    path("registri/", include("netra.registry.urls")),
    path("", include("netra.prevention.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("api/schema/", CachedSpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]

# Pages as before; JSON error bodies under /api/ (netra.web.api_errors).
handler400 = "netra.web.api_errors.bad_request"
handler403 = "netra.web.api_errors.permission_denied"
handler404 = "netra.web.api_errors.page_not_found"
handler500 = "netra.web.api_errors.server_error"
