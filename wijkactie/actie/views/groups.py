"""Group sessions: a facilitator's live view and participants on their phones without an account.

A participant is recognised by a random secret in a cookie scoped to the session's code; only its
hash is stored. Answers are shown by name only for participants who agreed to that.
"""

from collections import Counter

import segno
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.exceptions import Ratelimited

from wijkactie.accounts.views import facilitator_required, professional_required
from wijkactie.actie import services
from wijkactie.actie.content import registry
from wijkactie.actie.engine import ScanInput, evaluate
from wijkactie.actie.forms import GroupSessionForm, JoinForm, ParticipantForm
from wijkactie.actie.group import (
    combined_answers,
    combined_intuition,
    divergence_ranking,
    spreads,
)
from wijkactie.actie.models import GroupSession
from wijkactie.actie.views.common import (
    answer_page,
    open_questions,
    participant_steps,
    result_parts,
)
from wijkactie.core.pdf import pdf_response
from wijkactie.core.ratelimit import (
    count_failed_guess,
    guessing_blocked,
    public_limit,
    rate_limited_response,
)

COOKIE_PREFIX = "actie_groep_"


def _facilitated(request, public_id) -> GroupSession:
    return get_object_or_404(
        GroupSession.objects.select_related("event"),
        public_id=public_id,
        facilitator=request.user,
    )


@professional_required
@require_http_methods(["GET", "POST"])
def group_list(request):
    form = GroupSessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        session = services.create_group_session(facilitator=request.user, data=form.cleaned_data)
        return redirect("actie:group", public_id=session.public_id)
    sessions = GroupSession.objects.filter(facilitator=request.user).select_related("event")
    return render(
        request,
        "actie/group_list.html",
        {"form": form, "sessions": sessions},
        status=400 if form.errors else 200,
    )


def join_url(request, session: GroupSession) -> str:
    return request.build_absolute_uri(reverse("actie:participant_start", args=[session.code]))


@facilitator_required
def group_detail(request, public_id):
    session = _facilitated(request, public_id)
    url = join_url(request, session)
    qr = segno.make(url, error="m")
    context = group_context(session)
    context.update(
        {
            "join_url": url,
            "qr_svg": qr.svg_inline(scale=5, dark="#1b1f24", light="#ffffff", omitsize=False),
        }
    )
    return render(request, "actie/group_detail.html", context)


@facilitator_required
def group_live(request, public_id):
    session = _facilitated(request, public_id)
    response = render(request, "actie/_group_live.html", group_context(session))
    response["Vary"] = "HX-Request"
    return response


@facilitator_required
@require_POST
def group_close(request, public_id):
    session = _facilitated(request, public_id)
    services.close_group_session(session=session)
    messages.success(request, _("Deelnemen is gesloten. De resultaten blijven zichtbaar."))
    return redirect("actie:group", public_id=session.public_id)


@facilitator_required
def group_pdf(request, public_id):
    session = _facilitated(request, public_id)
    return pdf_response(
        "actie/pdf/group.html",
        group_context(session),
        filename=f"actie-groep-{session.code}.pdf",
    )


def group_context(session: GroupSession) -> dict:
    content = registry().get(session.content_version)
    level = content.levels["professional"]
    participants = list(session.participants.all())
    unnamed = 0
    for participant in participants:
        # Only who agreed is shown by name, anywhere the group or facilitator can see.
        if participant.show_name:
            participant.shown_name = participant.display_name
        else:
            unnamed += 1
            participant.shown_name = _("Deelnemer zonder naam %(n)d") % {"n": unnamed}
    answer_sets = [p.answers for p in participants]
    named = [p for p in participants if p.show_name]

    ranking = [
        {
            "spread": spread,
            "named": [
                (p.display_name, p.answers[spread.question.id])
                for p in named
                if p.answers.get(spread.question.id) is not None
            ],
        }
        for spread in divergence_ranking(level, answer_sets)
    ]

    combined = ScanInput(
        level="professional",
        origin=session.origin or None,
        phase=session.phase,
        intuitive_approach=combined_intuition([p.intuitive_approach for p in participants]),
        answers=combined_answers(level, answer_sets),
    )
    individual = []
    anonymous = Counter()
    for participant in participants:
        if not participant.answers:
            continue
        own = evaluate(content, participant.scan_input())
        label = own.suggestion.label
        if participant.show_name:
            individual.append((participant.display_name, label))
        else:
            anonymous[label] += 1
    return {
        "session": session,
        "content": content,
        "participants": participants,
        # Done as a facilitator reads it: pressed "Ik ben klaar", or answered every question.
        "done": [p for p in participants if p.done_at or len(p.answers) >= len(level.questions)],
        "ranking": ranking,
        "spreads": spreads(level, answer_sets),
        "individual": individual,
        "anonymous": sorted(anonymous.items()),
        "group": result_parts(content, combined) if any(answer_sets) else None,
        "question_total": len(level.questions),
    }


# -- Participants -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@public_limit(method="POST")
def join(request):
    if guessing_blocked(request, "join-code"):
        return rate_limited_response(request)
    form = JoinForm(request.POST or (request.GET if "code" in request.GET else None))
    if form.is_bound and form.is_valid():
        code = form.cleaned_data["code"]
        if GroupSession.objects.filter(code=code).exists():
            return redirect("actie:participant_start", code=code)
        count_failed_guess(request, "join-code")
        form.add_error("code", _("Deze code kennen we niet. Controleer de zes tekens."))
    return render(request, "actie/join.html", {"form": form}, status=400 if form.errors else 200)


def _session_by_code(request, code: str) -> GroupSession:
    """The session of a join code; an unknown code counts as a guess (rate limited)."""
    if guessing_blocked(request, "join-code"):
        raise Ratelimited
    session = GroupSession.objects.filter(code=code.upper()).first()
    if session is None:
        count_failed_guess(request, "join-code")
        raise Http404
    return session


def _participant(request, session):
    return services.participant_for(session, request.COOKIES.get(COOKIE_PREFIX + session.code, ""))


@require_http_methods(["GET", "POST"])
@public_limit(method="POST")
def participant_start(request, code):
    session = _session_by_code(request, code)
    steps = participant_steps(session)
    if _participant(request, session):
        return redirect(steps[0].url)
    if not session.is_open:
        return render(request, "actie/group_closed.html", {"session": session}, status=410)
    form = ParticipantForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            secret = services.join_group(
                session=session,
                display_name=form.cleaned_data["display_name"],
                show_name=form.cleaned_data["show_name"],
                intuition=form.cleaned_data["intuitive_approach"],
            )
            response = redirect(steps[0].url)
            response.set_cookie(
                COOKIE_PREFIX + session.code,
                secret,
                max_age=7 * 24 * 3600,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
            return response
    return render(
        request,
        "actie/participant_start.html",
        {"session": session, "form": form},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def participant_area(request, code, area_id):
    session = _session_by_code(request, code)
    participant = _participant(request, session)
    if participant is None:
        return redirect("actie:participant_start", code=session.code)
    if request.method == "POST" and not session.is_open:
        return render(request, "actie/group_closed.html", {"session": session}, status=410)
    content = registry().get(session.content_version)
    return answer_page(
        request,
        content=content,
        level=content.levels["professional"],
        area_id=area_id,
        target=participant,
        steps=participant_steps(session),
        context={"session": session},
    )


@require_http_methods(["GET", "POST"])
def participant_done(request, code):
    session = _session_by_code(request, code)
    participant = _participant(request, session)
    if participant is None:
        return redirect("actie:participant_start", code=session.code)
    if request.method == "POST":
        services.finish_participation(participant=participant)
        return redirect("actie:participant_done", code=session.code)
    content = registry().get(session.content_version)
    level = content.levels["professional"]
    steps = participant_steps(session)
    context = {
        "session": session,
        "participant": participant,
        "steps": steps,
        "step": steps[-1],
        **open_questions(level, steps, participant.answers),
    }
    if participant.done_at:
        participant.session = session
        context.update(result_parts(content, participant.scan_input()))
    return render(request, "actie/participant_done.html", context)
