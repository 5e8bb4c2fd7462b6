"""Site-wide staff pages: the programme dashboard, and the mail outbox of every app with a
preview and a resend per mail."""

from datetime import timedelta

from django.contrib import messages
from django.db.models import CharField, Count, Exists, OuterRef, Q, Value
from django.db.models.functions import Cast, Concat
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from wijkactie.accounts.access import administrator_required, is_administrator, staff_required
from wijkactie.core import mails as mail_texts
from wijkactie.core.models import OutgoingEmail
from wijkactie.core.redirects import local_target
from wijkactie.core.services import NotResendable, resend_email
from wijkactie.events.access import events_for
from wijkactie.events.mails import labelled
from wijkactie.events.models import Event, Registration
from wijkactie.events.queries import STATUS_LABELS, public_status
from wijkactie.events.reminders import FINAL_PROGRAMME_AHEAD
from wijkactie.followup.evaluation import OPEN_FOR
from wijkactie.followup.models import Attendance, Recap
from wijkactie.followup.queries import (
    REPEAT_NO_SHOWS,
    no_shows_per_event,
    no_shows_per_organisation,
)
from wijkactie.initiatives.models import PracticeCase


@staff_required
def dashboard(request):
    """The programme dashboard: every event of the staff member's programmes with its fill rate,
    waiting list and partner share, and the things that wait for the organiser."""
    events = events_for(request.user)
    rows = list(
        events.select_related("programme")
        .annotate(
            partners=Count(
                "registrations",
                filter=Q(
                    registrations__status=Registration.Status.CONFIRMED,
                    registrations__price_excl_vat=0,
                ),
            )
        )
        .order_by("-starts_at")
    )
    no_shows = no_shows_per_event(events)
    for event in rows:
        event.no_shows = no_shows.get(event.pk)
        event.status_label = STATUS_LABELS[public_status(event)]
        event.fill = round(100 * event.seats_confirmed / event.capacity) if event.capacity else 0
        paid = event.price_excl_vat > 0 and event.seats_confirmed
        event.partner_share = round(100 * event.partners / event.seats_confirmed) if paid else None
    return render(
        request,
        "office/dashboard.html",
        {
            "events": rows,
            "to_do": things_to_do(request.user, events),
            "no_shows": no_shows_per_organisation(events),
            "repeat_from": REPEAT_NO_SHOWS,
        },
    )


def things_to_do(user, events) -> list[tuple[str, str]]:
    """(what, where) for each thing that waits for the organiser, most urgent first."""
    now = timezone.now()
    to_do = []
    for event in events.filter(
        is_published=True,
        cancelled_at__isnull=True,
        location_kind=Event.LocationKind.ONLINE,
        join_url="",
        starts_at__gt=now,
        starts_at__lte=now + FINAL_PROGRAMME_AHEAD,
    ):
        to_do.append(
            (
                _("Nog geen deelnamelink voor ‘%(title)s’ (binnen een week).")
                % {"title": event.title},
                reverse("staff:event_edit", args=[event.slug]),
            )
        )
    soon = now + timedelta(days=1)
    per_event = (
        (
            Q(status=Registration.Status.OFFERED, offer_expires_at__lte=soon),
            "staff:event_waitlist",
            lambda n, title: (
                ngettext(
                    "%(n)d aanbod voor ‘%(title)s’ verloopt binnen een dag.",
                    "%(n)d aanbiedingen voor ‘%(title)s’ verlopen binnen een dag.",
                    n,
                )
                % {"n": n, "title": title}
            ),
        ),
        (
            Q(partner_check=Registration.PartnerCheck.PENDING, status__in=Registration.ACTIVE),
            "staff:event",
            lambda n, title: (
                ngettext(
                    "%(n)d partnerschap te controleren bij ‘%(title)s’.",
                    "%(n)d partnerschappen te controleren bij ‘%(title)s’.",
                    n,
                )
                % {"n": n, "title": title}
            ),
        ),
    )
    for condition, url_name, words in per_event:
        counts = (
            Registration.objects.filter(condition, event__in=events)
            .values_list("event__slug", "event__title")
            .annotate(n=Count("id"))
        )
        for slug, title, n in counts:
            to_do.append((words(n, title), reverse(url_name, args=[slug])))
    to_do += after_the_session(events, now)
    refs = Registration.objects.filter(event__in=events).annotate(
        ref=Concat(Value("events.registration:"), Cast("pk", CharField()))
    )
    failed = OutgoingEmail.objects.filter(status=OutgoingEmail.Status.FAILED)
    if not is_administrator(user):
        failed = failed.filter(object_ref__in=refs.values("ref"))
    if n := failed.count():
        where = (
            reverse("staff:outbox") + "?status=failed"
            if is_administrator(user)
            else reverse("staff:dashboard")
        )
        to_do.append(
            (
                ngettext("%(n)d e-mail is mislukt.", "%(n)d e-mails zijn mislukt.", n) % {"n": n},
                where,
            )
        )
    if n := PracticeCase.objects.filter(
        status__in=[PracticeCase.Status.NEW, PracticeCase.Status.IN_REVIEW]
    ).count():
        to_do.append(
            (
                ngettext(
                    "%(n)d casus wacht op beoordeling.", "%(n)d casussen wachten op beoordeling.", n
                )
                % {"n": n},
                reverse("staff_initiatives:cases"),
            )
        )
    return to_do


def after_the_session(events, now) -> list[tuple[str, str]]:
    """Sessions that ended within the evaluation's fortnight without attendance (so nobody gets
    the evaluation or a certificate), or without a published terugblik (two queries)."""
    ended = events.filter(
        is_published=True,
        cancelled_at__isnull=True,
        ends_at__lte=now,
        ends_at__gt=now - OPEN_FOR,
    ).annotate(
        known=Exists(Attendance.objects.filter(part__event=OuterRef("pk"))),
        recap_shown=Exists(Recap.objects.filter(event=OuterRef("pk"), is_published=True)),
    )
    to_do = []
    for event in ended:
        if not event.known:
            to_do.append(
                (
                    _(
                        "Aanwezigheid van ‘%(title)s’ is nog niet vastgelegd: zonder aanwezigheid "
                        "krijgt niemand de evaluatie of een certificaat."
                    )
                    % {"title": event.title},
                    reverse("staff_followup:attendance", args=[event.slug]),
                )
            )
        if not event.recap_shown:
            to_do.append(
                (
                    _("Nog geen terugblik voor ‘%(title)s’.") % {"title": event.title},
                    reverse("staff_followup:recap", args=[event.slug]),
                )
            )
    return to_do


def _mail_for(user, pk: int) -> OutgoingEmail:
    """Administrators see every mail; programme staff those about registrations for their
    programmes' events. Anything else is a 404, as if it did not exist."""
    email = get_object_or_404(OutgoingEmail, pk=pk)
    if is_administrator(user):
        return email
    model, _sep, ref = email.object_ref.partition(":")
    if model == "events.registration" and ref.isdigit():
        events = events_for(user)
        if Registration.objects.filter(pk=int(ref), event__in=events).exists():
            return email
    raise Http404


@administrator_required
def outbox(request):
    mails = OutgoingEmail.objects.all()
    state = request.GET.get("status", "")
    if state in OutgoingEmail.Status.values:
        mails = mails.filter(status=state)
    return render(
        request,
        "office/outbox.html",
        {"mails": labelled(mails[:300]), "state": state, "states": OutgoingEmail.Status.choices},
    )


@staff_required
def preview(request, pk: int):
    """A mail as its recipient gets (or got) it: what was sent, or, for a mail still waiting,
    rendered now from its stored context. A sign-in or evaluation link is never shown."""
    (email,) = labelled([_mail_for(request.user, pk)])
    rendered, problem = None, ""
    if email.carries_secret:
        problem = _(
            "Deze e-mail bevat een persoonlijke link (om in te loggen of om de evaluatie in te "
            "vullen) en wordt daarom niet getoond."
        )
    elif email.status == OutgoingEmail.Status.SENT:
        rendered = mail_texts.Rendered(email.subject, email.body_text, ())
    else:
        try:
            rendered = mail_texts.render(email)
        except mail_texts.ContextGone:
            problem = _("Wat deze e-mail betreft, bestaat niet meer. Hij wordt niet verzonden.")
    return render(
        request,
        "office/mail.html",
        {"mail": email, "rendered": rendered, "problem": problem},
    )


@staff_required
@require_POST
def resend(request, pk: int):
    email = _mail_for(request.user, pk)
    try:
        resend_email(email=email, actor=request.user)
    except NotResendable:
        messages.error(
            request,
            _("Een inloglink sturen we niet nog een keer. De ontvanger kan een nieuwe aanvragen."),
        )
    else:
        messages.success(request, _("De e-mail staat opnieuw in de wachtrij."))
    return redirect(local_target(request, request.POST.get("next", "")) or reverse("staff:outbox"))
