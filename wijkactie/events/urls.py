from django.urls import path

from wijkactie.events import api
from wijkactie.events.views import public, staff

app_name = "events"

urlpatterns = [
    path("", public.agenda, name="agenda"),
    path("bijeenkomsten/<slug:slug>/", public.event_detail, name="detail"),
    path("bijeenkomsten/<slug:slug>/agenda.ics", public.event_ics, name="ics"),
    path("aanmelding/<str:token>/", public.manage, name="manage"),
]

staff_urlpatterns = (
    [
        path("", staff.dashboard, name="dashboard"),
        path("bijeenkomsten/<slug:slug>/", staff.event_overview, name="event"),
        path("bijeenkomsten/<slug:slug>/deelnemers.<str:fmt>", staff.export, name="export"),
        path("aanmeldingen/<int:pk>/annuleren/", staff.cancel_registration, name="cancel"),
        path(
            "aanmeldingen/<int:pk>/partnerschap/",
            staff.decide_partnership,
            name="partnership",
        ),
    ],
    "staff",
)

api_urlpatterns = (
    [
        path("openapi.json", api.openapi, name="openapi"),
        path("events", api.events_collection, name="events"),
        path("events/<slug:slug>", api.event_item, name="event"),
        path("events/<slug:slug>/registrations", api.event_registrations, name="registrations"),
        path("registrations/<str:token>/cancel", api.cancel, name="cancel"),
    ],
    "api",
)
