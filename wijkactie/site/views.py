"""Site-wide staff pages: the mail outbox of every app, with a resend per mail."""

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wijkactie.core.models import OutgoingEmail
from wijkactie.core.redirects import local_target
from wijkactie.core.services import resend_email
from wijkactie.events.mails import labelled


@staff_member_required
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


@staff_member_required
@require_POST
def resend(request, pk: int):
    email = get_object_or_404(OutgoingEmail, pk=pk)
    resend_email(email=email, actor=request.user)
    messages.success(request, _("De e-mail staat opnieuw in de wachtrij."))
    return redirect(local_target(request, request.POST.get("next", "")) or reverse("staff:outbox"))
