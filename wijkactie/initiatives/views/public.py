"""Cases contributed by professionals, the knowledge page, and the register of initiatives."""

import logging

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_htmx.http import HttpResponseClientRedirect

from wijkactie.accounts.queries import organisation_names
from wijkactie.accounts.views import professional_required
from wijkactie.core.exports import csv_bytes, xlsx_bytes
from wijkactie.core.ratelimit import public_limit
from wijkactie.events.models import Event
from wijkactie.events.signals import sections
from wijkactie.initiatives import inventory, services, signals
from wijkactie.initiatives.forms import (
    CaseFilterForm,
    CaseForm,
    ImportForm,
    InitiativeFilterForm,
    InitiativeForm,
)
from wijkactie.initiatives.models import (
    EDITABLE_FIELDS,
    Initiative,
    InitiativeImport,
    PracticeCase,
)
from wijkactie.initiatives.queries import (
    editable_initiatives,
    filter_initiatives,
    in_register,
    published_cases,
    visible_initiatives,
)
from wijkactie.initiatives.tasks import check_import_task, save_import_task

# -- Cases --------------------------------------------------------------------------------------

logger = logging.getLogger(__name__)


@require_http_methods(["GET", "POST"])
@public_limit(method="POST")
def case_submit(request):
    event = Event.objects.filter(
        slug=request.GET.get("bijeenkomst") or "", is_published=True
    ).first()
    form = CaseForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            case = services.submit_case(data=data, themes=data["themes"], event=event)
            return redirect("initiatives:case_follow", token=case.follow_token)
    return render(
        request,
        "initiatives/case_form.html",
        {"form": form, "event": event, "organisations": organisation_names()},
        status=400 if form.errors else 200,
    )


def case_follow(request, token):
    case = get_object_or_404(
        PracticeCase.objects.select_related("accepted_event", "contributor_organisation"),
        follow_token=token,
    )
    response = render(request, "initiatives/case_follow.html", {"case": case})
    response["X-Robots-Tag"] = "noindex"
    return response


def case_list(request):
    form = CaseFilterForm(request.GET or None)
    params = form.cleaned_data if form.is_valid() else {}
    page = Paginator(
        published_cases(params)
        .select_related("contributor_organisation")
        .prefetch_related("themes"),
        20,
    ).get_page(request.GET.get("pagina"))
    return render(request, "initiatives/case_list.html", {"form": form, "page": page})


def case_detail(request, pk):
    case = get_object_or_404(
        PracticeCase.objects.select_related("contributor_organisation").prefetch_related("themes"),
        pk=pk,
        status=PracticeCase.Status.PUBLISHED,
    )
    return render(request, "initiatives/case_detail.html", {"case": case})


# -- Register -----------------------------------------------------------------------------------


def filtered(request):
    """The register filtered as asked; an unknown filter value filters nothing away silently:
    the form carries its error and the list is empty (the page and the API answer 400)."""
    form = InitiativeFilterForm(request.GET or None)
    qs = in_register(visible_initiatives(request.user))
    if form.is_bound and not form.is_valid():
        return form, qs.none()
    return form, filter_initiatives(qs, form.params())


def initiative_list(request):
    form, qs = filtered(request)
    page = Paginator(
        qs.select_related("organisation").prefetch_related("themes").order_by("name", "pk"), 25
    ).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "initiatives/initiative_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "geojson_url": reverse("api:initiatives_geojson")
            + ("?" + query.urlencode() if query else ""),
            "can_add": request.user.is_authenticated and hasattr(request.user, "professional"),
        },
        status=400 if form.errors else 200,
    )


def _visible_or_404(request, pk) -> Initiative:
    item = (
        visible_initiatives(request.user)
        .select_related("organisation")
        .prefetch_related("themes", "phase_changes")
        .filter(pk=pk)
        .first()
    )
    if item is None:
        raise Http404
    return item


def _own_or_404(request, pk) -> Initiative:
    return get_object_or_404(editable_initiatives(request.user), pk=pk)


def initiative_detail(request, pk):
    item = _visible_or_404(request, pk)
    is_own = editable_initiatives(request.user).filter(pk=item.pk).exists()
    return render(
        request,
        "initiatives/initiative_detail.html",
        {
            "initiative": item,
            "is_own": is_own,
            "sections": sections(signals.initiative_page, initiative=item, request=request),
        },
    )


@professional_required
@require_http_methods(["GET", "POST"])
def initiative_edit(request, pk=None):
    item = _own_or_404(request, pk) if pk else None
    form = InitiativeForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k in EDITABLE_FIELDS}
        saved = services.save_initiative(
            author=request.user,
            data=data,
            themes=form.cleaned_data["themes"],
            initiative=item,
            manual=form.manual_position(),
        )
        if saved.geocode_status == Initiative.Geocode.PENDING:
            messages.warning(
                request, _("Opgeslagen. De plek zoeken we later op: PDOK is nu niet bereikbaar.")
            )
        elif saved.geocode_status == Initiative.Geocode.NOT_FOUND:
            messages.warning(
                request,
                _(
                    "Opgeslagen, maar het adres is niet gevonden. Controleer het of zet de plek handmatig."
                ),
            )
        else:
            messages.success(request, _("Het initiatief is opgeslagen."))
        return redirect("initiatives:detail", pk=saved.pk)
    return render(
        request,
        "initiatives/initiative_form.html",
        {"form": form, "initiative": item},
        status=400 if form.errors else 200,
    )


EXPORT_COLUMNS = [
    ("naam", "name"),
    ("beschrijving", "description"),
    ("adres", "address"),
    ("buurt", "neighbourhood"),
    ("buurtcode", "neighbourhood_code"),
    ("jaar buurtcode", "neighbourhood_code_year"),
    ("gemeente", "municipality"),
    ("fase", "phase"),
    ("initiatiefnemer", "origin"),
    ("ondersteuning", "support_needed"),
    ("status", "status"),
    ("zichtbaarheid", "visibility"),
    ("breedtegraad", "latitude"),
    ("lengtegraad", "longitude"),
]


@professional_required
def initiative_export(request, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    _form, qs = filtered(request)
    header = [label for label, _field in EXPORT_COLUMNS] + ["thema's", "organisatie"]
    rows = (
        [getattr(i, f) for _label, f in EXPORT_COLUMNS]
        + [";".join(t.name for t in i.themes.all()), i.organisation.name]
        for i in qs.select_related("organisation").prefetch_related("themes").order_by("name", "pk")
    )
    if fmt == "csv":
        response = HttpResponse(csv_bytes(header, rows), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            xlsx_bytes("Initiatieven", header, rows),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="initiatieven.{fmt}"'
    return response


BUSY = (
    InitiativeImport.Status.WAITING,
    InitiativeImport.Status.CHECKING,
    InitiativeImport.Status.SAVING,
)


def _enqueue(task, import_id: int) -> None:
    """Hand an import to the worker. The service's write is committed (views run outside a
    transaction), so a worker finds it; the worker's sweep retries a task that got lost."""
    try:
        task.enqueue(import_id=import_id)
    except Exception:
        logger.exception("Could not enqueue %s for import %s", task.name, import_id)


@professional_required
@require_http_methods(["GET", "POST"])
def initiative_import(request):
    def not_member():
        return render(request, "initiatives/import_not_member.html", status=403)

    if not request.user.professional.is_member:
        return not_member()  # say so before anyone chooses a file
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            pending = inventory.upload_import(
                author=request.user, filename=upload.name, content=upload.read()
            )
        except inventory.NotAMember:
            return not_member()
        _enqueue(check_import_task, pending.pk)
        return redirect("initiatives:import_preview", pk=pending.pk)
    return render(
        request, "initiatives/import_form.html", {"form": form}, status=400 if form.errors else 200
    )


@professional_required
@require_http_methods(["GET", "POST"])
def import_preview(request, pk):
    """The check's progress, its report, the confirmation, and the saving's progress."""
    pending = get_object_or_404(
        InitiativeImport.objects.defer("content", "rows", "errors"), pk=pk, created_by=request.user
    )
    if pending.imported_at is not None:
        if request.method == "POST":
            raise Http404  # never twice
        if request.htmx:
            return HttpResponseClientRedirect(reverse("initiatives:list"))
        messages.success(request, _("%(n)d initiatieven ingelezen.") % {"n": pending.checked_rows})
        return redirect("initiatives:list")
    if pending.status in BUSY:
        template = (
            "initiatives/_import_progress.html"
            if request.htmx
            else "initiatives/import_progress.html"
        )
        return render(request, template, {"pending": pending})
    if request.htmx:
        # Checked: the polling fragment sends the browser to the full report.
        return HttpResponseClientRedirect(request.get_full_path())
    if request.method == "POST":
        try:
            inventory.confirm_import(pending_id=pending.pk, author=request.user)
        except inventory.ImportRefused as refusal:
            messages.error(request, str(refusal))
            return redirect("initiatives:import_preview", pk=pending.pk)
        _enqueue(save_import_task, pending.pk)
        return redirect("initiatives:import_preview", pk=pending.pk)
    return render(
        request,
        "initiatives/import_preview.html",
        {"pending": pending, "preview": pending.rows[:20], "valid": len(pending.rows)},
        status=400 if pending.status == InitiativeImport.Status.UNREADABLE else 200,
    )
