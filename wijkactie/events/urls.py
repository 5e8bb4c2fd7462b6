from django.urls import path

from wijkactie.events.views import office, public, staff

app_name = "events"

urlpatterns = [
    path("", public.agenda, name="agenda"),
    path("bijeenkomsten/<slug:slug>/", public.event_detail, name="detail"),
    path("programmas/<slug:slug>/", public.programme, name="programme"),
    path("bijeenkomsten/<slug:slug>/agenda.ics", public.event_ics, name="ics"),
    path("aanmelding/<token:token>/", public.manage, name="manage"),
]

staff_urlpatterns = (
    [
        path("bijeenkomsten/nieuw/", office.event_new, name="event_new"),
        path("bijeenkomsten/<slug:slug>/bewerken/", office.event_edit, name="event_edit"),
        path("bijeenkomsten/<slug:slug>/voorbeeld/", office.event_preview, name="event_preview"),
        path("bijeenkomsten/<slug:slug>/publiceren/", office.event_publish, name="event_publish"),
        path("bijeenkomsten/<slug:slug>/berichten/", office.event_messages, name="event_messages"),
        path("bijeenkomsten/<slug:slug>/annuleren/", office.event_cancel, name="event_cancel"),
        path(
            "bijeenkomsten/<slug:slug>/berichten/<int:pk>/",
            office.event_message,
            name="event_message",
        ),
        path(
            "bijeenkomsten/<slug:slug>/wijziging/<int:number>/",
            office.event_change,
            name="event_change",
        ),
        path("bijeenkomsten/<slug:slug>/kopieren/", office.event_duplicate, name="event_duplicate"),
        path("bijeenkomsten/<slug:slug>/", staff.event_overview, name="event"),
        path(
            "bijeenkomsten/<slug:slug>/aanmeldingen/",
            staff.event_registrations,
            name="event_registrations",
        ),
        path("bijeenkomsten/<slug:slug>/wachtlijst/", staff.event_waitlist, name="event_waitlist"),
        path("bijeenkomsten/<slug:slug>/e-mail/", staff.event_mails, name="event_mails"),
        path("bijeenkomsten/<slug:slug>/facturen/", staff.event_invoices, name="event_invoices"),
        path("bijeenkomsten/<slug:slug>/deelnemers.<str:fmt>", staff.export, name="export"),
        path("aanmeldingen/<int:pk>/", staff.registration_detail, name="registration"),
        path("aanmeldingen/<int:pk>/annuleren/", staff.cancel_registration, name="cancel"),
        path("aanmeldingen/<int:pk>/verplaatsen/", staff.move_registration, name="move"),
        path(
            "aanmeldingen/<int:pk>/partnerschap/",
            staff.decide_partnership,
            name="partnership",
        ),
    ],
    "staff",
)
