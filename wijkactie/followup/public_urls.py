from django.urls import path

from wijkactie.followup.views import public

app_name = "followup"

urlpatterns = [
    path("evaluatie/<token:token>/", public.evaluate, name="evaluation"),
    path("certificaat/", public.verify, name="verify"),
    path("certificaat/<code:code>/", public.verify, name="verify_code"),
    path("aanmelding/<token:token>/certificaat.pdf", public.certificate, name="certificate"),
    path(
        "aanmelding/<token:token>/materiaal/<int:pk>/",
        public.personal_material,
        name="personal_material",
    ),
    path(
        "bijeenkomsten/<slug:slug>/materiaal/<int:pk>/",
        public.public_material,
        name="material",
    ),
]
