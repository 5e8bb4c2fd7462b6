from django.urls import path

from wijkactie.followup.views import public

app_name = "followup"

urlpatterns = [
    path("evaluatie/<str:token>/", public.evaluate, name="evaluation"),
    path("certificaat/", public.verify, name="verify"),
    path("certificaat/<str:code>/", public.verify, name="verify_code"),
    path("aanmelding/<str:token>/certificaat.pdf", public.certificate, name="certificate"),
    path(
        "aanmelding/<str:token>/materiaal/<int:pk>/",
        public.personal_material,
        name="personal_material",
    ),
    path(
        "bijeenkomsten/<slug:slug>/materiaal/<int:pk>/",
        public.public_material,
        name="material",
    ),
]
