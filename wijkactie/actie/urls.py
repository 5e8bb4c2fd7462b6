from django.urls import path

from wijkactie.actie.views import groups, pages, scans

app_name = "actie"

urlpatterns = [
    path("actie/", pages.home, name="home"),
    path("actie/over/", pages.about, name="about"),
    path("actie/snel/", pages.quick, name="quick"),
    path("actie/snel/pdf/", pages.quick_pdf, name="quick_pdf"),
    path("actie/scans/", scans.scan_list, name="scans"),
    path("actie/scans/nieuw/", scans.new_scan, name="new"),
    path("actie/scans/<uuid:public_id>/", scans.result, name="result"),
    path("actie/scans/<uuid:public_id>/start/", scans.intuition, name="intuition"),
    path("actie/scans/<uuid:public_id>/gebied/<str:area_id>/", scans.area, name="area"),
    path("actie/scans/<uuid:public_id>/overzicht/", scans.review, name="review"),
    path("actie/scans/<uuid:public_id>/keuze/", scans.choose, name="choose"),
    path("actie/scans/<uuid:public_id>/pdf/", scans.scan_pdf, name="pdf"),
    path("actie/scans/<uuid:public_id>/delen/", scans.share, name="share"),
    path("actie/scans/<uuid:public_id>/verwijderen/", scans.delete, name="delete"),
    path("actie/scans/<uuid:public_id>/opnieuw/", scans.rescan, name="rescan"),
    path(
        "actie/scans/<uuid:public_id>/vergelijk/<uuid:other_id>/",
        scans.compare_scans,
        name="compare",
    ),
    path("actie/initiatieven/<int:pk>/", scans.initiative, name="initiative"),
    path("actie/gedeeld/<token:token>/", scans.shared, name="shared"),
    path("actie/gedeeld/<token:token>/pdf/", scans.shared_pdf, name="shared_pdf"),
    path("actie/groepen/", groups.group_list, name="groups"),
    path("actie/groepen/<uuid:public_id>/", groups.group_detail, name="group"),
    path("actie/groepen/<uuid:public_id>/live/", groups.group_live, name="group_live"),
    path("actie/groepen/<uuid:public_id>/sluiten/", groups.group_close, name="group_close"),
    path("actie/groepen/<uuid:public_id>/pdf/", groups.group_pdf, name="group_pdf"),
    # Short addresses for participants of a group session, typed on a phone.
    path("g/", groups.join, name="join"),
    path("g/<code:code>/", groups.participant_start, name="participant_start"),
    path("g/<code:code>/gebied/<str:area_id>/", groups.participant_area, name="participant_area"),
    path("g/<code:code>/klaar/", groups.participant_done, name="participant_done"),
]
