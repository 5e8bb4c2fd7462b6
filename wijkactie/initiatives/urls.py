from django.urls import path

from wijkactie.initiatives.views import public

app_name = "initiatives"

urlpatterns = [
    path("casussen/", public.case_list, name="cases"),
    path("casussen/insturen/", public.case_submit, name="case_submit"),
    path("casussen/volg/<token:token>/", public.case_follow, name="case_follow"),
    path("casussen/<int:pk>/", public.case_detail, name="case"),
    path("initiatieven/", public.initiative_list, name="list"),
    path("initiatieven/nieuw/", public.initiative_edit, name="new"),
    path("initiatieven/importeren/", public.initiative_import, name="import"),
    path("initiatieven/importeren/<int:pk>/", public.import_preview, name="import_preview"),
    path("initiatieven/export.<str:fmt>", public.initiative_export, name="export"),
    path("initiatieven/<int:pk>/", public.initiative_detail, name="detail"),
    path("initiatieven/<int:pk>/bewerken/", public.initiative_edit, name="edit"),
]
