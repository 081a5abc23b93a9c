from django.urls import path

from netra.cases.api import letters, merge, views

app_name = "cases-api"

urlpatterns = [
    path("", views.CaseListApi.as_view(), name="case-list"),
    path("queue/", views.CaseQueueApi.as_view(), name="case-queue"),
    path("overdue/", views.OverdueDeadlineListApi.as_view(), name="deadline-overdue"),
    path("open/", views.CaseOpenApi.as_view(), name="case-open"),
    path("export/", views.CaseExportApi.as_view(), name="case-export"),
    path("export.csv", views.CaseExportCsvApi.as_view(), name="case-export-csv"),
    path("export.xlsx", views.CaseExportXlsxApi.as_view(), name="case-export-xlsx"),
    path("<uuid:public_id>/", views.CaseDetailApi.as_view(), name="case-detail"),
    path("<uuid:public_id>/transition/", views.CaseTransitionApi.as_view(), name="case-transition"),
    path("<uuid:public_id>/identity/", views.CaseIdentityApi.as_view(), name="case-identity"),
    path("<uuid:public_id>/classify/", views.CaseClassifyApi.as_view(), name="case-classify"),
    path("<uuid:public_id>/duplicates/", views.CaseDuplicatesApi.as_view(), name="case-duplicates"),
    path("<uuid:public_id>/merge/", views.CaseMergeApi.as_view(), name="case-merge"),
    path("<uuid:public_id>/unmerge/", merge.CaseUnmergeApi.as_view(), name="case-unmerge"),
    path("<uuid:public_id>/letters/", letters.CaseLetterListApi.as_view(), name="case-letters"),
    path(
        "<uuid:public_id>/letters/<str:code>/",
        letters.CaseLetterDownloadApi.as_view(),
        name="case-letter-download",
    ),
]
