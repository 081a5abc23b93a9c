"""The OpenAPI schema view, generated once per language and version under a lock.

drf-spectacular builds the schema on every request, and the build is not thread-safe: its
extension registry is loaded lazily and the generator walks shared view and serializer state,
so concurrent first requests to /api/schema/ under a threaded server answered 500
(`'NoneType' object has no attribute 'startswith'` in plumbing) or returned mixed-up schemas.
The schema only changes with the code, so it is built once per (language, version), under one
process-wide lock, and the built document is served to every later request.
"""

import threading

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SCHEMA_KWARGS, SpectacularAPIView
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

_lock = threading.Lock()
_schemas: dict[tuple, dict] = {}


def schema_cache_clear() -> None:
    """Forget the built schemas (tests that change the API at runtime)."""
    with _lock:
        _schemas.clear()


class CachedSpectacularAPIView(SpectacularAPIView):
    """`SpectacularAPIView` that builds each (language, version) schema once, under a lock."""

    # As the base class describes its own `get` (without it, check --deploy warns W002).
    @extend_schema(**SCHEMA_KWARGS)
    def get(self, request, *args, **kwargs):
        # Only the site's languages: `?lang=` is part of the cache key, which stays bounded.
        lang = request.GET.get("lang")
        if lang and lang not in dict(settings.LANGUAGES):
            raise ValidationError(
                {
                    "lang": _("Bahasa tidak dikenal: pilih salah satu dari %(codes)s.")
                    % {"codes": ", ".join(dict(settings.LANGUAGES))}
                }
            )
        return super().get(request, *args, **kwargs)

    def _get_schema_response(self, request):
        version = self.api_version or request.version or self._get_version_parameter(request)
        urlconf = self.urlconf or getattr(request, "urlconf", None) or settings.ROOT_URLCONF
        key = (
            translation.get_language(),
            version,
            self.serve_public,
            str(urlconf),
            repr(self.custom_settings),
        )
        schema = _schemas.get(key)
        if schema is None:
            with _lock:
                schema = _schemas.get(key)
                if schema is None:
                    generator = self.generator_class(
                        urlconf=self.urlconf, api_version=version, patterns=self.patterns
                    )
                    schema = generator.get_schema(request=request, public=self.serve_public)
                    _schemas[key] = schema
        return Response(
            data=schema,
            headers={
                "Content-Disposition": (
                    f'inline; filename="{self._get_filename(request, version)}"'
                )
            },
        )
