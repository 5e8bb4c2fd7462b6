"""A professional's own scans: start, fill in area by area, review, result, share, compare, delete.

Every view looks its scan up through `Scan.objects.owned_by(user)` (to change it) or
`visible_to(user)` (to read it), so a scan of someone else is a 404, never a 403 that confirms it
exists.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wijkactie.accounts.views import professional_required
from wijkactie.actie import services
from wijkactie.actie.content import registry
from wijkactie.actie.engine import evaluate
from wijkactie.actie.forms import (
    ChoiceForm,
    IntuitionForm,
    NewScanForm,
    ShareColleagueForm,
    ShareLinkForm,
)
from wijkactie.actie.models import Scan
from wijkactie.actie.presentation import compare
from wijkactie.actie.views.common import answer_page, open_questions, result_context, steps_for
from wijkactie.core.pdf import pdf_response
from wijkactie.initiatives.queries import editable_initiatives


def _scans(request):
    return Scan.objects.select_related("initiative", "organisation", "author__professional")


def _owned(request, public_id) -> Scan:
    return get_object_or_404(_scans(request).owned_by(request.user), public_id=public_id)


def _visible(request, public_id) -> Scan:
    return get_object_or_404(_scans(request).visible_to(request.user), public_id=public_id)


@professional_required
def scan_list(request):
    own = list(_scans(request).owned_by(request.user))
    shared = list(_scans(request).filter(shares__user=request.user))
    return render(request, "actie/scan_list.html", {"own": own, "shared": shared})


@professional_required
@require_http_methods(["GET", "POST"])
def new_scan(request):
    initial = {}
    if request.GET.get("initiatief"):
        initial["initiative"] = request.GET["initiatief"]
    form = NewScanForm(
        request.POST or None, initiatives=editable_initiatives(request.user), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        new_initiative = None
        if data["level"] == "professional" and data["initiative"] is None:
            new_initiative = services.NewInitiative(
                name=data["name"],
                neighbourhood=data["neighbourhood"],
                phase=data["phase"],
                origin=data["origin"],
            )
        scan = services.start_scan(
            author=request.user,
            level=data["level"],
            initiative=data["initiative"] if data["level"] == "professional" else None,
            new_initiative=new_initiative,
            phase=data.get("phase") or None,
            origin=data.get("origin") or "",
        )
        first = steps_for(scan)[0]
        return redirect(first.url)
    return render(
        request,
        "actie/new_scan.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@professional_required
@require_http_methods(["GET", "POST"])
def intuition(request, public_id):
    scan = _owned(request, public_id)
    if scan.level != "professional":
        raise Http404
    initial = {
        "intuitive_approach": scan.intuitive_approach or ("weet_niet" if scan.answers else None)
    }
    form = IntuitionForm(request.POST or None, initial=initial)
    steps = steps_for(scan)
    if request.method == "POST" and form.is_valid():
        services.set_intuition(scan=scan, approach=form.cleaned_data["intuitive_approach"])
        return redirect(steps[1].url)
    return render(
        request,
        "actie/intuition.html",
        {"form": form, "scan": scan, "steps": steps, "step": steps[0]},
        status=400 if form.errors else 200,
    )


@professional_required
@require_http_methods(["GET", "POST"])
def area(request, public_id, area_id):
    scan = _owned(request, public_id)
    content = registry().get(scan.content_version)
    return answer_page(
        request,
        content=content,
        level=content.levels[scan.level],
        area_id=area_id,
        target=scan,
        steps=steps_for(scan),
        context={"scan": scan},
    )


@professional_required
@require_http_methods(["GET", "POST"])
def review(request, public_id):
    scan = _owned(request, public_id)
    content = registry().get(scan.content_version)
    level = content.levels[scan.level]
    if request.method == "POST":
        services.complete_scan(scan=scan)
        return redirect("actie:result", public_id=scan.public_id)
    steps = steps_for(scan)
    return render(
        request,
        "actie/review.html",
        {
            "scan": scan,
            "steps": steps,
            "step": steps[-1],
            **open_questions(level, steps, scan.answers),
        },
    )


@professional_required
def result(request, public_id):
    scan = _visible(request, public_id)
    is_owner = scan.author_id == request.user.pk
    context = result_context(scan, show_notes=True)
    context.update(
        {
            "scan": scan,
            "is_owner": is_owner,
            "area_pdf_url": reverse("actie:pdf", args=[scan.public_id]),
            "choice_form": ChoiceForm(
                initial={
                    "chosen_approach": scan.chosen_approach or None,
                    "rationale": scan.rationale,
                    "next_checkin": scan.next_checkin,
                }
            ),
        }
    )
    return render(request, "actie/result.html", context)


@professional_required
@require_POST
def choose(request, public_id):
    scan = _owned(request, public_id)
    form = ChoiceForm(request.POST)
    if form.is_valid():
        services.record_choice(
            scan=scan,
            approach=form.cleaned_data["chosen_approach"],
            rationale=form.cleaned_data["rationale"],
            next_checkin=form.cleaned_data["next_checkin"],
        )
        messages.success(request, _("Je keuze is opgeslagen."))
        return redirect(reverse("actie:result", args=[scan.public_id]) + "#keuze")
    context = result_context(scan, show_notes=True)
    context.update({"scan": scan, "is_owner": True, "choice_form": form})
    return render(request, "actie/result.html", context, status=400)


@professional_required
def scan_pdf(request, public_id):
    scan = _visible(request, public_id)
    discussion = request.GET.get("versie") == "bespreek"
    only_area = request.GET.get("gebied") or None
    content = registry().get(scan.content_version)
    if only_area and only_area not in [a.id for a in content.areas]:
        raise Http404
    context = result_context(scan, show_notes=not discussion, only_area=only_area)
    context.update({"scan": scan, "discussion": discussion})
    name = f"actie-scan-{scan.created_at:%Y%m%d}{'-' + only_area if only_area else ''}{'-bespreekversie' if discussion else ''}.pdf"
    return pdf_response("actie/pdf/scan.html", context, filename=name)


@professional_required
@require_http_methods(["GET", "POST"])
def share(request, public_id):
    scan = _owned(request, public_id)
    colleague_form = ShareColleagueForm(prefix="collega")
    link_form = ShareLinkForm(prefix="link")
    new_link = ""
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "colleague":
            colleague_form = ShareColleagueForm(request.POST, prefix="collega")
            if colleague_form.is_valid():
                try:
                    services.share_with_colleague(
                        scan=scan, email=colleague_form.cleaned_data["email"]
                    )
                except services.ShareError as error:
                    colleague_form.add_error(error.field, str(error))
                else:
                    messages.success(request, _("Je collega kan de scan nu lezen."))
                    return redirect("actie:share", public_id=scan.public_id)
        elif action == "unshare":
            services.unshare(scan=scan, share_id=_int(request.POST.get("share")))
            messages.success(request, _("Je collega kan de scan niet meer lezen."))
            return redirect("actie:share", public_id=scan.public_id)
        elif action == "link":
            link_form = ShareLinkForm(request.POST, prefix="link")
            if link_form.is_valid():
                raw = services.create_share_link(
                    scan=scan,
                    days=link_form.cleaned_data["days"],
                    include_notes=link_form.cleaned_data["include_notes"],
                )
                new_link = request.build_absolute_uri(reverse("actie:shared", args=[raw]))
                link_form = ShareLinkForm(prefix="link")
        elif action == "revoke":
            services.revoke_share_link(scan=scan, link_id=_int(request.POST.get("link")))
            messages.success(request, _("De link werkt niet meer."))
            return redirect("actie:share", public_id=scan.public_id)
        if colleague_form.errors or link_form.errors:
            status = 400
    return render(
        request,
        "actie/share.html",
        {
            "scan": scan,
            "colleague_form": colleague_form,
            "link_form": link_form,
            "new_link": new_link,
            "shares": scan.shares.select_related("user__professional"),
            "links": [link for link in scan.links.all() if link.is_active],
        },
        status=status,
    )


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


@professional_required
@require_http_methods(["GET", "POST"])
def delete(request, public_id):
    scan = _owned(request, public_id)
    if request.method == "POST":
        services.delete_scan(scan=scan)
        messages.success(request, _("De scan is definitief verwijderd."))
        return redirect("actie:scans")
    return render(request, "actie/delete.html", {"scan": scan})


@professional_required
@require_POST
def rescan(request, public_id):
    scan = _owned(request, public_id)
    if scan.initiative_id is None and scan.level == "professional":
        raise Http404
    new = services.rescan(scan=scan)
    messages.success(
        request,
        _("Nieuwe scan gestart met je vorige antwoorden. Pas aan wat er veranderd is."),
    )
    return redirect(steps_for(new)[0].url)


@professional_required
def initiative(request, pk):
    item = get_object_or_404(
        editable_initiatives(request.user).select_related("organisation"), pk=pk
    )
    scans = list(
        _scans(request).visible_to(request.user).filter(initiative=item).order_by("created_at")
    )
    timeline = []
    previous = None
    for scan in scans:
        content = registry().get(scan.content_version)
        current = evaluate(content, scan.scan_input())
        timeline.append(
            {
                "number": len(timeline) + 1,  # in the order they were made: 1 is the first
                "scan": scan,
                "result": current,
                "change": compare(previous, current) if previous else None,
                "previous": timeline[-1]["scan"] if timeline else None,
            }
        )
        previous = current
    return render(
        request,
        "actie/initiative.html",
        {"initiative": item, "timeline": list(reversed(timeline))},
    )


@professional_required
def compare_scans(request, public_id, other_id):
    first = _visible(request, public_id)
    second = _visible(request, other_id)
    if first.created_at > second.created_at:
        first, second = second, first
    before = evaluate(registry().get(first.content_version), first.scan_input())
    after = evaluate(registry().get(second.content_version), second.scan_input())
    return render(
        request,
        "actie/compare.html",
        {"first": first, "second": second, "change": compare(before, after)},
    )


def shared(request, token):
    link = services.link_for_token(token)
    if link is None:
        raise Http404
    context = result_context(link.scan, show_notes=link.include_notes)
    context.update({"scan": link.scan, "link": link, "token": token, "read_only": True})
    response = render(request, "actie/shared.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response


def shared_pdf(request, token):
    link = services.link_for_token(token)
    if link is None:
        raise Http404
    context = result_context(link.scan, show_notes=link.include_notes)
    context.update({"scan": link.scan, "discussion": not link.include_notes})
    return pdf_response("actie/pdf/scan.html", context, filename="actie-scan.pdf")
