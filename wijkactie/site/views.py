"""Site-wide staff pages: the mail outbox of every app, with a preview and a resend per mail."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wijkactie.accounts.access import administrator_required, is_administrator, staff_required
from wijkactie.core import mails as mail_texts
from wijkactie.core.models import OutgoingEmail
from wijkactie.core.redirects import local_target
from wijkactie.core.services import NotResendable, resend_email
from wijkactie.events.access import events_for
from wijkactie.events.mails import labelled
from wijkactie.events.models import Registration


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
        "staff/outbox.html",
        {"mails": labelled(mails[:300]), "state": state, "states": OutgoingEmail.Status.choices},
    )


@staff_required
def preview(request, pk: int):
    """A mail as its recipient gets (or got) it: what was sent, or, for a mail still waiting,
    rendered now from its stored context. A sign-in link is never shown."""
    (email,) = labelled([_mail_for(request.user, pk)])
    rendered, problem = None, ""
    if email.carries_secret:
        problem = _("Deze e-mail bevat een persoonlijke inloglink en wordt daarom niet getoond.")
    elif email.status == OutgoingEmail.Status.SENT:
        rendered = mail_texts.Rendered(email.subject, email.body_text, ())
    else:
        try:
            rendered = mail_texts.render(email)
        except mail_texts.ContextGone:
            problem = _("Wat deze e-mail betreft, bestaat niet meer. Hij wordt niet verzonden.")
    return render(
        request,
        "staff/mail.html",
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
