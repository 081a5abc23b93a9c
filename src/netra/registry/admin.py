"""Admin for agencies, units and people: every save goes through the audited services."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from netra.registry import services
from netra.registry.forms import PersonAdminForm
from netra.registry.models import Agency, Person, WorkUnit


class _ServiceAdmin(admin.ModelAdmin):
    """Saves through a service; deleting is not offered (rows are referenced and audited)."""

    def has_delete_permission(self, request, obj=None):
        return False

    def _save(self, request, obj, write):
        try:
            saved = write()
        except services.RegistryError as exc:
            messages.error(request, str(exc))
            raise ValidationError(str(exc)) from exc
        obj.pk = saved.pk
        obj.public_id = saved.public_id


@admin.register(Agency)
class AgencyAdmin(_ServiceAdmin):
    list_display = ["code", "name", "kind", "region", "ppk_title"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["region"]
    fields = ["code", "name", "kind", "region", "ppk_title", "ppk_name", "ppk_email"]

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj else []

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        self._save(
            request,
            obj,
            lambda: services.agency_upsert(
                actor=request.user,
                code=obj.code,
                name=data["name"],
                kind=data["kind"],
                region=data.get("region"),
                ppk_title=data.get("ppk_title", ""),
                ppk_name=data.get("ppk_name", ""),
                ppk_email=data.get("ppk_email", ""),
            ),
        )


@admin.register(WorkUnit)
class WorkUnitAdmin(_ServiceAdmin):
    list_display = ["name", "agency", "region"]
    list_filter = ["agency__kind"]
    search_fields = ["name", "agency__name", "agency__code"]
    autocomplete_fields = ["agency", "region"]
    fields = ["agency", "name", "region"]

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        self._save(
            request,
            obj,
            lambda: services.work_unit_upsert(
                actor=request.user, agency=data["agency"], name=data["name"], region=data["region"]
            ),
        )


@admin.register(Person)
class PersonAdmin(_ServiceAdmin):
    form = PersonAdminForm
    list_display = ["nip", "name", "employee_type", "functional_group", "agency", "status"]
    list_filter = ["employee_type", "status", "functional_group", "position_type", "agency__kind"]
    # NIP exactly or by prefix; names through the indexed key (lower-case, no titles).
    search_fields = ["=nip", "^name_key", "=nik"]
    autocomplete_fields = ["agency", "unit", "region"]
    list_select_related = ["agency"]
    show_full_result_count = False  # no COUNT(*) over millions of rows on every page
    fields = PersonAdminForm.Meta.fields

    def get_readonly_fields(self, request, obj=None):
        # The NIP is the upsert key: a different NIP is a different person.
        return ["nip"] if obj and obj.nip else []

    def get_search_results(self, request, queryset, search_term):
        from netra.registry.identifiers import clean_digits
        from netra.registry.names import name_key

        digits = clean_digits(search_term)
        term = digits if digits.isascii() and digits.isdigit() else name_key(search_term)
        return super().get_search_results(request, queryset, term)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        self._save(
            request,
            obj,
            lambda: services.person_upsert(
                actor=request.user,
                employee_type=data["employee_type"],
                name=data["name"],
                nip=obj.nip if change else data.get("nip"),
                nik=data.get("nik"),
                gender=data.get("gender", ""),
                birth_date=data.get("birth_date"),
                position=data.get("position", ""),
                position_type=data.get("position_type", ""),
                functional_group=data["functional_group"],
                agency=data.get("agency"),
                unit=data.get("unit"),
                region=data.get("region"),
                status=data.get("status"),
            ),
        )
