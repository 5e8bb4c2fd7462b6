from django.urls import path

from wijkactie.followup.views import attendance as views
from wijkactie.followup.views import office

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
    path("inchecken/<code:code>/", views.scanned, name="scanned"),
    path("bijeenkomsten/<slug:slug>/evaluatie/", office.evaluation_results, name="evaluation"),
    path(
        "bijeenkomsten/<slug:slug>/evaluatie.<str:fmt>",
        office.evaluation_export,
        name="evaluation_export",
    ),
    path("bijeenkomsten/<slug:slug>/terugblik/", office.recap_edit, name="recap"),
    path(
        "bijeenkomsten/<slug:slug>/aanwezigheid/teams/<int:pk>/",
        views.teams_report,
        name="teams_report",
    ),
]
