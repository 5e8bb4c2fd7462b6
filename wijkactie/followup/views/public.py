"""Public pages after the session: the evaluation behind its once-only link, the certificate
(download through the personal link, verification by code), and the terugblik's materials."""

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wijkactie.core.pdf import pdf_response
from wijkactie.core.ratelimit import count_failed_guess, guessing_blocked, public_limit
from wijkactie.events.models import Event, Registration
from wijkactie.followup import certificates, evaluation, recap
from wijkactie.followup.attendance import sessions
from wijkactie.followup.forms import EvaluationForm, VerifyForm
from wijkactie.followup.models import Material

GUESSES = "certificate-code"


@require_http_methods(["GET", "POST"])
@public_limit(method="POST")
def evaluate(request, token: str):
    invite = evaluation.invite_for(token)
    if invite is None:
        raise Http404
    registration = invite.registration
    event = registration.event
    chosen = evaluation.settings_for(event)
    texts = {name: evaluation.text(chosen, name) for name in evaluation.DEFAULT_TEXTS}
    attended = set(evaluation.attended_part_ids(registration))
    parts = [p for p in sessions(event) if p.pk in attended]
    context = {"event": event, "texts": texts, "closes_at": evaluation.closes_at(event)}
    if invite.answered:
        if request.method == "GET" and "klaar" in request.GET:  # right after answering
            return render(request, "followup/evaluation_done.html", context)
        status = 400 if request.method == "POST" else 200
        return render(
            request, "followup/evaluation_done.html", context | {"again": True}, status=status
        )
    if not evaluation.is_open(event, timezone.now()):
        return render(request, "followup/evaluation_closed.html", context, status=410)
    form = EvaluationForm(request.POST or None, parts=parts, texts=texts)
    if request.method == "POST":
        if form.is_valid():
            answers = evaluation.Answers(
                grade=form.cleaned_data["grade"],
                usefulness=form.usefulness(),
                will_apply=form.cleaned_data["will_apply"],
                improve=form.cleaned_data["improve"],
                topics=form.cleaned_data["topics"],
            )
            try:
                evaluation.submit_evaluation(token=token, answers=answers)
            except evaluation.EvaluationRefused as exc:
                return render(
                    request,
                    "followup/evaluation_done.html",
                    context | {"again": True, "reason": str(exc)},
                    status=400,
                )
            return redirect(reverse("followup:evaluation", args=[token]) + "?klaar=1")
        status = 400
    else:
        status = 200
    return render(request, "followup/evaluation.html", context | {"form": form}, status=status)


def _registration(token: str) -> Registration:
    return get_object_or_404(
        Registration.objects.select_related("event__programme"),
        manage_token=token,
        anonymised_at__isnull=True,
    )


def certificate(request, token: str):
    """The certificate as a PDF, through the personal link (only for parts attended)."""
    registration = _registration(token)
    try:
        issued = certificates.issue_certificate(registration_id=registration.pk)
    except certificates.NoAttendance as exc:
        raise Http404 from exc
    issued.registration = registration
    return pdf_response(
        "followup/pdf/certificate.html",
        certificates.certificate_context(issued),
        filename=f"certificaat-{issued.code}.pdf",
    )


@require_http_methods(["GET", "POST"])
@public_limit()
def verify(request, code: str = ""):
    """For a real code: the initials, the event and the hours (nothing more); 404 otherwise.
    Typing the full name checks it against the certificate (also after anonymisation)."""
    code = code or request.GET.get("code", "")
    form = VerifyForm({"code": code} if code else None)
    if not code:
        return render(request, "followup/verify.html", {"form": form})
    if guessing_blocked(request, GUESSES):
        return render(request, "429.html", status=429)
    found = certificates.verify(code)
    if found is None:
        count_failed_guess(request, GUESSES)
        form.is_valid()
        form.add_error(
            "code",
            _(
                "Met deze code is geen certificaat uitgegeven. Kijk of u de code goed heeft overgenomen."
            ),
        )
        return render(request, "followup/verify.html", {"form": form}, status=404)
    name_checked = None
    typed = request.POST.get("naam", "").strip()[:200] if request.method == "POST" else ""
    if typed:
        name_checked = certificates.name_matches(found.certificate, typed)
    return render(
        request,
        "followup/verify.html",
        {"form": form, "found": found, "name_checked": name_checked, "typed": typed},
    )


def _file(material: Material) -> HttpResponse:
    response = FileResponse(
        material.file.open("rb"),
        as_attachment=True,  # never shown in the site's own origin, whatever it claims to be
        filename=material.filename,
        content_type=material.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def public_material(request, slug: str, pk: int):
    event = get_object_or_404(Event, slug=slug, is_published=True)
    material = get_object_or_404(Material, pk=pk, event=event, audience=Material.Audience.PUBLIC)
    if recap.published_recap(event) is None:
        raise Http404
    return _file(material)


def personal_material(request, token: str, pk: int):
    registration = _registration(token)
    material = get_object_or_404(Material, pk=pk, event=registration.event)
    if recap.published_recap(registration.event) is None:
        raise Http404
    if material.audience != Material.Audience.PUBLIC and not recap.was_there(registration):
        raise Http404
    response = _file(material)
    response["Cache-Control"] = "private, no-store"
    return response
