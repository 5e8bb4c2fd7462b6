"""The tool's front door, the page about the instrument, and the quick anonymous scan.

The quick scan stores nothing: the answers travel in the request, the result is computed and
shown, and the PDF button posts the same answers again.
"""

from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_POST

from wijkactie.actie.content import registry
from wijkactie.actie.engine import ScanInput
from wijkactie.actie.forms import QuickScanForm
from wijkactie.actie.views.common import result_parts
from wijkactie.core.pdf import pdf_response
from wijkactie.core.ratelimit import public_limit


def home(request):
    content = registry().current
    questions = len(content.levels["professional"].questions)
    return render(request, "actie/home.html", {"content": content, "questions": questions})


def about(request):
    content = registry().current
    return render(request, "actie/about.html", {"content": content})


def _quick_level(request) -> str:
    level = request.POST.get("niveau") or request.GET.get("niveau")
    return "organisatie" if level == "organisatie" else "professional"


def _quick_form(request, data=None) -> QuickScanForm:
    content = registry().current
    level = content.levels[_quick_level(request)]
    form = QuickScanForm(
        data,
        content=content,
        level=level,
        area_ids=[a.id for a in content.areas],
        answers={},
        with_notes=False,
    )
    if not level.about_initiative:
        for name in ("intuitive_approach", "origin", "phase"):
            del form.fields[name]
    return form


def _quick_input(form: QuickScanForm, level_key: str) -> ScanInput:
    data = form.cleaned_data
    intuition = data.get("intuitive_approach")
    return ScanInput(
        level=level_key,
        origin=data.get("origin") or None,
        phase=data.get("phase"),
        intuitive_approach=None if intuition in (None, "", "weet_niet") else intuition,
        answers=form.answers(),
    )


@require_http_methods(["GET", "POST"])
@public_limit(method="POST")
def quick(request):
    level_key = _quick_level(request)
    if request.method == "POST":
        form = _quick_form(request, request.POST)
        if form.is_valid():
            context = result_parts(registry().current, _quick_input(form, level_key))
            context.update({"form": form, "level_key": level_key})
            return render(request, "actie/quick_result.html", context)
        return render(
            request, "actie/quick.html", {"form": form, "level_key": level_key}, status=400
        )
    return render(
        request, "actie/quick.html", {"form": _quick_form(request), "level_key": level_key}
    )


@require_POST
@public_limit(method="POST")
def quick_pdf(request):
    level_key = _quick_level(request)
    form = _quick_form(request, request.POST)
    if not form.is_valid():
        return render(
            request, "actie/quick.html", {"form": form, "level_key": level_key}, status=400
        )
    context = result_parts(registry().current, _quick_input(form, level_key))
    context.update({"discussion": True, "quick": True})
    return pdf_response("actie/pdf/scan.html", context, filename="actie-scan.pdf")
