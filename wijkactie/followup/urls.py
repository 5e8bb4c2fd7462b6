from django.urls import path

from wijkactie.followup import views

app_name = "staff_followup"

urlpatterns = [
    path("bijeenkomsten/<slug:slug>/aanwezigheid/", views.attendance, name="attendance"),
    path("bijeenkomsten/<slug:slug>/aanwezigheid/<int:pk>/", views.correct, name="correct"),
    path("bijeenkomsten/<slug:slug>/aanwezigheid/teams/", views.teams_upload, name="teams_upload"),
    path(
        "bijeenkomsten/<slug:slug>/aanwezigheid/inchecken/<int:part_id>/",
        views.checkin,
        name="checkin",
    ),
    path("inchecken/<str:code>/", views.scanned, name="scanned"),
    path(
        "bijeenkomsten/<slug:slug>/aanwezigheid/teams/<int:pk>/",
        views.teams_report,
        name="teams_report",
    ),
]
