"""Staff pages after the session: the evaluation (settings, results, export) and the terugblik
(report, materials)."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wijkactie.core.exports import csv_bytes, xlsx_bytes
from wijkactie.core.forms import posted_key
from wijkactie.events.models import Event
from wijkactie.followup import certificates, evaluation, recap, results
from wijkactie.followup.forms import (
    CertificateSettingsForm,
    EvaluationSettingsForm,
    MaterialForm,
    RecapForm,
)
from wijkactie.followup.models import Material, Recap
from wijkactie.followup.pages import recap_contents
from wijkactie.office.access import event_view
from wijkactie.office.views.event import event_page


@event_view
@require_http_methods(["GET", "POST"])
def evaluation_results(request, event: Event):
    current = evaluation.settings_for(event)
    form = EvaluationSettingsForm(request.POST or None, instance=current)
    if request.method == "POST":
        if form.is_valid():
            evaluation.save_evaluation_settings(
                event_id=event.pk,
                values={name: form.cleaned_data[name] for name in form.Meta.fields},
                actor=request.user,
            )
            messages.success(request, _("De instellingen van de evaluatie zijn opgeslagen."))
            return redirect("staff_followup:evaluation", slug=event.slug)
        status = 400
    else:
        status = 200
    for name, default in evaluation.DEFAULT_TEXTS.items():
        form.fields[name].widget.attrs["placeholder"] = str(default)
        form.fields[name].help_text = _("Leeg: de standaardtekst (staat grijs in het veld).")
    return event_page(
        request,
        event,
        "evaluation",
        "office/evaluation_results.html",
        {
            "form": form,
            "results": results.results(event),
            "closes_at": evaluation.closes_at(event),
            "threshold": evaluation.SHOW_ORGANISATION_TYPE_FROM,
        },
        status=status,
    )


@event_view
def evaluation_export(request, event: Event, fmt: str):
    if fmt not in {"csv", "xlsx"}:
        raise Http404
    header, rows = results.export(event)
    if fmt == "xlsx":
        content = xlsx_bytes(_("Evaluatie"), header, rows)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        content = csv_bytes(header, rows)
        content_type = "text/csv; charset=utf-8"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-evaluatie.{fmt}"'
    return response


@event_view
@require_http_methods(["GET", "POST"])
def recap_edit(request, event: Event):
    """The terugblik: report and publication, materials added and removed."""
    current = Recap.objects.filter(event=event).first() or Recap(event=event)
    action = request.POST.get("actie", "")
    form = RecapForm(request.POST if action == "verslag" else None, instance=current)
    material_form = MaterialForm(
        request.POST if action == "materiaal" else None,
        request.FILES if action == "materiaal" else None,
    )
    status = 200
    if action == "verslag":
        if form.is_valid():
            recap.save_recap(
                event_id=event.pk,
                report=form.cleaned_data["report"],
                is_published=form.cleaned_data["is_published"],
                mail_no_shows=form.cleaned_data["mail_no_shows"],
                actor=request.user,
            )
            messages.success(request, _("De terugblik is opgeslagen."))
            return redirect("staff_followup:recap", slug=event.slug)
        status = 400
    elif action == "materiaal":
        if material_form.is_valid():
            upload = material_form.cleaned_data["file"]
            try:
                recap.add_material(
                    event_id=event.pk,
                    title=material_form.cleaned_data["title"],
                    filename=upload.name,
                    data=upload.read(),
                    audience=material_form.cleaned_data["audience"],
                    actor=request.user,
                )
            except recap.MaterialRefused as exc:
                material_form.add_error("file", str(exc))
            else:
                messages.success(request, _("Het materiaal is toegevoegd."))
                return redirect("staff_followup:recap", slug=event.slug)
        status = 400
    elif action == "verwijderen":
        material = get_object_or_404(
            Material, pk=posted_key(request.POST.get("materiaal")), event=event
        )
        recap.remove_material(material_id=material.pk, actor=request.user)
        messages.success(request, _("Het materiaal is verwijderd."))
        return redirect("staff_followup:recap", slug=event.slug)
    return event_page(
        request,
        event,
        "recap",
        "office/recap_edit.html",
        {
            "form": form,
            "material_form": material_form,
            **recap_contents(event),
            "recap": current,
        },
        status=status,
    )


@event_view
@require_http_methods(["GET", "POST"])
def certificate_settings(request, event: Event):
    """The certificate: accreditation and points for this session, the programme's signature
    line, and the export for the accreditation register."""
    programme = event.programme
    initial = {
        "accreditation_register": event.accreditation_register,
        "accreditation_number": event.accreditation_number,
        "accreditation_points_per_hour": event.accreditation_points_per_hour,
        "signatory_name": programme.signatory_name if programme else "",
        "signatory_role": programme.signatory_role if programme else "",
    }
    form = CertificateSettingsForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        certificates.save_certificate_settings(
            event_id=event.pk, values=form.cleaned_data, actor=request.user
        )
        messages.success(request, _("De gegevens van het certificaat zijn opgeslagen."))
        return redirect("staff_followup:certificates", slug=event.slug)
    return event_page(
        request,
        event,
        "evaluation",
        "office/certificates.html",
        {"form": form, "issued": event.certificates.count(), "programme": programme},
        status=400 if request.method == "POST" else 200,
    )


@event_view
def accreditation_export(request, event: Event):
    header, rows = certificates.accreditation_rows(event)
    response = HttpResponse(csv_bytes(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-accreditatie.csv"'
    return response
