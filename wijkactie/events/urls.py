from django.urls import path

from wijkactie.events.views import public

app_name = "events"

urlpatterns = [
    path("", public.agenda, name="agenda"),
    path("bijeenkomsten/<slug:slug>/", public.event_detail, name="detail"),
    path("programmas/<slug:slug>/", public.programme, name="programme"),
    path("bijeenkomsten/<slug:slug>/agenda.ics", public.event_ics, name="ics"),
    path("aanmelding/<token:token>/", public.manage, name="manage"),
]
