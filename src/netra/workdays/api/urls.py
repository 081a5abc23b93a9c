from django.urls import path

from netra.workdays.api.views import DueDateApi, NonWorkingDaysApi, WorkingDaysBetweenApi

app_name = "workdays-api"

urlpatterns = [
    path("add/", DueDateApi.as_view(), name="add"),
    path("between/", WorkingDaysBetweenApi.as_view(), name="between"),
    path("holidays/", NonWorkingDaysApi.as_view(), name="holidays"),
]
