from django.urls import path

from netra.sanctions import views

app_name = "sanctions"

urlpatterns = [
    path("kasus/<uuid:case_id>/keputusan/", views.decision, name="decision"),
    path("kasus/<uuid:case_id>/keberatan/", views.remedy, name="remedy"),
    path("kasus/<uuid:case_id>/keberatan/putus/", views.remedy_decide, name="remedy-decide"),
    path("kasus/<uuid:case_id>/ptun/", views.court, name="court"),
    path("kasus/<uuid:case_id>/selesai/", views.close, name="close"),
    path("kasus/<uuid:case_id>/blokir/", views.case_block, name="case-block"),
    path("blokir/", views.blocks, name="blocks"),
    path("blokir/<uuid:block_id>/aktifkan/", views.block_confirm, name="block-confirm"),
    path("keputusan/<uuid:decision_id>/berkas/", views.decree_file, name="decree-file"),
]
