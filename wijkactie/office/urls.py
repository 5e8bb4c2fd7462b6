"""Every /beheer/ route: the programme office's pages over the domain apps (ARCHITECTURE.md).

Four namespaces, as before the office had its own app, so the URL names stay: "staff" (the
dashboard, events, registrations, invoices, the outbox), "staff_initiatives" (cases, duplicates,
the afternoon), "staff_followup" (attendance, evaluation, terugblik) and "staff_accounts"
(organisations, API keys). site/urls.py includes `urlpatterns` under /beheer/.
"""

from django.urls import include, path

from wijkactie.office.views import (
    attendance,
    casework,
    dashboard,
    editor,
    event,
    followup,
    invoices,
    organisations,
    signin,
)

staff = [
    path("", dashboard.dashboard, name="dashboard"),
    path("bijeenkomsten/nieuw/", editor.event_new, name="event_new"),
    path("bijeenkomsten/<slug:slug>/bewerken/", editor.event_edit, name="event_edit"),
    path("bijeenkomsten/<slug:slug>/voorbeeld/", editor.event_preview, name="event_preview"),
    path("bijeenkomsten/<slug:slug>/publiceren/", editor.event_publish, name="event_publish"),
    path("bijeenkomsten/<slug:slug>/berichten/", editor.event_messages, name="event_messages"),
    path("bijeenkomsten/<slug:slug>/annuleren/", editor.event_cancel, name="event_cancel"),
    path(
        "bijeenkomsten/<slug:slug>/berichten/<int:pk>/",
        editor.event_message,
        name="event_message",
    ),
    path(
        "bijeenkomsten/<slug:slug>/wijziging/<int:number>/",
        editor.event_change,
        name="event_change",
    ),
    path("bijeenkomsten/<slug:slug>/kopieren/", editor.event_duplicate, name="event_duplicate"),
    path("bijeenkomsten/<slug:slug>/", event.event_overview, name="event"),
    path(
        "bijeenkomsten/<slug:slug>/aanmeldingen/",
        event.event_registrations,
        name="event_registrations",
    ),
    path("bijeenkomsten/<slug:slug>/wachtlijst/", event.event_waitlist, name="event_waitlist"),
    path("bijeenkomsten/<slug:slug>/e-mail/", event.event_mails, name="event_mails"),
    path("bijeenkomsten/<slug:slug>/facturen/", event.event_invoices, name="event_invoices"),
    path("bijeenkomsten/<slug:slug>/deelnemers.<str:fmt>", event.export, name="export"),
    path("aanmeldingen/<int:pk>/", event.registration_detail, name="registration"),
    path("aanmeldingen/<int:pk>/annuleren/", event.cancel_registration, name="cancel"),
    path("aanmeldingen/<int:pk>/verplaatsen/", event.move_registration, name="move"),
    path(
        "aanmeldingen/<int:pk>/partnerschap/",
        event.decide_partnership,
        name="partnership",
    ),
    path("facturen/<code:number>.pdf", invoices.invoice_pdf, name="invoice_pdf"),
    path("mail/", dashboard.outbox, name="outbox"),
    path("mail/<int:pk>/", dashboard.preview, name="mail"),
    path("mail/<int:pk>/opnieuw/", dashboard.resend, name="resend"),
]

staff_initiatives = [
    path("casussen/", casework.cases, name="cases"),
    path("casussen/<int:pk>/", casework.case_review, name="case"),
    path("initiatieven/dubbel/", casework.duplicates, name="duplicates"),
    path("bijeenkomsten/<slug:slug>/middag/", casework.afternoon, name="afternoon"),
    path(
        "bijeenkomsten/<slug:slug>/middag/verplaatsen/",
        casework.afternoon_move,
        name="afternoon_move",
    ),
    path(
        "bijeenkomsten/<slug:slug>/middag/mailen/", casework.afternoon_mail, name="afternoon_mail"
    ),
]

staff_followup = [
    path("bijeenkomsten/<slug:slug>/aanwezigheid/", attendance.attendance, name="attendance"),
    path(
        "bijeenkomsten/<slug:slug>/aanwezigheid/iedereen/<int:part_id>/",
        attendance.everyone_present,
        name="everyone_present",
    ),
    path(
        "bijeenkomsten/<slug:slug>/aanwezigheid/teams/",
        attendance.teams_upload,
        name="teams_upload",
    ),
    path(
        "bijeenkomsten/<slug:slug>/aanwezigheid/inchecken/<int:part_id>/",
        attendance.checkin,
        name="checkin",
    ),
    path("inchecken/<code:code>/", attendance.scanned, name="scanned"),
    path("bijeenkomsten/<slug:slug>/evaluatie/", followup.evaluation_results, name="evaluation"),
    path(
        "bijeenkomsten/<slug:slug>/evaluatie.<str:fmt>",
        followup.evaluation_export,
        name="evaluation_export",
    ),
    path("bijeenkomsten/<slug:slug>/terugblik/", followup.recap_edit, name="recap"),
    path(
        "bijeenkomsten/<slug:slug>/certificaten/",
        followup.certificate_settings,
        name="certificates",
    ),
    path(
        "bijeenkomsten/<slug:slug>/accreditatie.csv",
        followup.accreditation_export,
        name="accreditation_export",
    ),
    path(
        "bijeenkomsten/<slug:slug>/aanwezigheid/teams/<int:pk>/",
        attendance.teams_report,
        name="teams_report",
    ),
]

staff_accounts = [
    path("organisaties/", organisations.organisations, name="organisations"),
    path("organisaties/<int:pk>/domeinen/", organisations.add_domain, name="add_domain"),
    path(
        "organisaties/<int:pk>/partnerperiodes/",
        organisations.add_partner_period,
        name="add_partner_period",
    ),
    path(
        "organisaties/partnerperiodes/<int:pk>/verwijderen/",
        organisations.remove_partner_period,
        name="remove_partner_period",
    ),
    path(
        "organisaties/domeinen/<int:pk>/verwijderen/",
        organisations.remove_domain,
        name="remove_domain",
    ),
    path("organisaties/<int:pk>/bevestigen/", organisations.verify_organisation, name="verify"),
    path("organisaties/<int:pk>/kvk/", organisations.set_kvk_number, name="set_kvk"),
    path("professionals/<int:pk>/bevestigen/", organisations.approve_member, name="approve_member"),
    path("api-sleutels/", organisations.api_tokens, name="api_tokens"),
    path(
        "api-sleutels/<int:pk>/intrekken/", organisations.revoke_api_token, name="revoke_api_token"
    ),
]

urlpatterns = [
    path("inloggen/", signin.StaffSignIn.as_view(), name="staff_signin"),
    path("", include((staff, "staff"))),
    path("", include((staff_initiatives, "staff_initiatives"))),
    path("", include((staff_accounts, "staff_accounts"))),
    path("", include((staff_followup, "staff_followup"))),
]
