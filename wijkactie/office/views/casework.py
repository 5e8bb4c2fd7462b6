"""Staff: reviewing contributed cases, duplicate initiatives, and the afternoon casework groups."""

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wijkactie.accounts.access import staff_required
from wijkactie.events.models import Event
from wijkactie.initiatives import services
from wijkactie.initiatives.forms import (
    AcceptForm,
    AfternoonForm,
    CaseEditForm,
    DeclineForm,
    MergeForm,
    MoveForm,
)
from wijkactie.initiatives.grouping import AssignmentError
from wijkactie.initiatives.models import CaseGroup, CaseGroupMember, Initiative, PracticeCase
from wijkactie.initiatives.queries import duplicate_groups
from wijkactie.office import afternoon as casework
from wijkactie.office.access import event_view


@staff_required
def cases(request):
    status = request.GET.get("status") or ""
    qs = PracticeCase.objects.select_related("contributor_organisation", "accepted_event")
    if status in PracticeCase.Status.values:
        qs = qs.filter(status=status)
    counts = dict(PracticeCase.objects.values_list("status").annotate(n=Count("pk")))
    tabs = [(value, label, counts.get(value, 0)) for value, label in PracticeCase.Status.choices]
    return render(request, "office/cases.html", {"cases": qs, "status": status, "tabs": tabs})


@staff_required
@require_http_methods(["GET", "POST"])
def case_review(request, pk):
    case = get_object_or_404(
        PracticeCase.objects.select_related(
            "contributor_organisation", "accepted_event", "submitted_from"
        ),
        pk=pk,
    )
    accept_form = AcceptForm(prefix="accept", initial={"event": case.submitted_from_id})
    decline_form = DeclineForm(prefix="decline")
    edit_form = CaseEditForm(prefix="edit", instance=case)
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "edit":
                # A blank instance: the form must not change `case` before the service has
                # kept its old text.
                edit_form = CaseEditForm(request.POST, prefix="edit", instance=PracticeCase())
                if not edit_form.is_valid():
                    raise services.CaseError(_("Controleer de tekst."))
                changed = services.edit_case(
                    case=case,
                    actor=request.user,
                    changes=edit_form.cleaned_data,
                    note=edit_form.cleaned_data["note"],
                )
                if not changed:
                    raise services.CaseError(_("Je hebt niets aan de tekst veranderd."))
                messages.success(
                    request, _("De tekst is aangepast en de inbrenger krijgt een e-mail.")
                )
                return redirect("staff_initiatives:case", pk=case.pk)
            if action == "review":
                services.start_review(case=case, actor=request.user)
            elif action == "accept":
                accept_form = AcceptForm(request.POST, prefix="accept")
                if not accept_form.is_valid():
                    raise services.CaseError(_("Controleer de keuze."))
                services.accept_case(
                    case=case,
                    actor=request.user,
                    event=accept_form.cleaned_data["event"],
                    for_publication=accept_form.cleaned_data["for_publication"],
                )
            elif action == "publish":
                services.publish_case(case=case, actor=request.user)
            elif action == "decline":
                decline_form = DeclineForm(request.POST, prefix="decline")
                if not decline_form.is_valid():
                    raise services.CaseError(
                        _("Geef een reden: de inbrenger krijgt die te lezen."), field="reason"
                    )
                services.decline_case(
                    case=case, actor=request.user, reason=decline_form.cleaned_data["reason"]
                )
            else:
                raise services.CaseError(_("Onbekende actie."))
        except services.CaseError as error:
            form = {"accept": accept_form, "decline": decline_form, "edit": edit_form}.get(action)
            if form is not None and form.is_bound:
                field = error.field if error.field in form.fields else None
                if not form.errors.get(field or "__all__"):
                    form.add_error(field, str(error))
            else:
                messages.error(request, str(error))
            status = 400
        else:
            messages.success(
                request,
                _(
                    "Gedaan: de casus heeft nu status '%(status)s' en de inbrenger krijgt een e-mail."
                )
                % {"status": case.get_status_display()},
            )
            return redirect("staff_initiatives:case", pk=case.pk)
    return render(
        request,
        "office/case.html",
        {
            "case": case,
            "accept_form": accept_form,
            "decline_form": decline_form,
            "edit_form": edit_form,
            "revisions": case.revisions.select_related("replaced_by"),
        },
        status=status,
    )


def _groups(event):
    return (
        CaseGroup.objects.filter(event=event)
        .select_related("case", "session")
        .prefetch_related("members__registration__organisation")
    )


@event_view
@require_http_methods(["GET", "POST"])
def afternoon(request, event: Event):
    form = AfternoonForm(request.POST or None, event=event)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                casework.save_afternoon_groups(
                    event=event,
                    case_ids=[c.pk for c in form.cleaned_data["cases"]],
                    size=form.cleaned_data["size"],
                    actor=request.user,
                )
            except AssignmentError as error:
                form.add_error("size", str(error))
            else:
                messages.success(request, _("De groepen zijn gemaakt."))
                return redirect("staff_initiatives:afternoon", slug=event.slug)
        status = 400
    groups = list(_groups(event))
    return render(
        request,
        "office/afternoon.html",
        {"event": event, "form": form, "groups": groups},
        status=status,
    )


@event_view
@require_POST
def afternoon_move(request, event: Event):
    form = MoveForm(request.POST)
    try:
        if not form.is_valid():
            raise CaseGroup.DoesNotExist
        number = form.cleaned_data["group"]
        casework.move_member(
            event=event,
            registration_id=form.cleaned_data["registration"],
            group_number=number,
            actor=request.user,
        )
    except (CaseGroupMember.DoesNotExist, CaseGroup.DoesNotExist):
        messages.error(request, _("Deze persoon of groep bestaat niet (meer)."))
    else:
        messages.success(request, _("Verplaatst naar groep %(n)d.") % {"n": number})
    return redirect("staff_initiatives:afternoon", slug=event.slug)


@event_view
@require_POST
def afternoon_mail(request, event: Event):
    count = casework.mail_afternoon_groups(event=event)
    messages.success(
        request,
        _("%(n)d e-mails met de groepsindeling staan klaar om te versturen.") % {"n": count},
    )
    return redirect("staff_initiatives:afternoon", slug=event.slug)


@staff_required
@require_http_methods(["GET", "POST"])
def duplicates(request):
    """Initiatives entered more than once: staff merge each duplicate into the one that stays."""
    if request.method == "POST":
        form = MergeForm(request.POST)
        if form.is_valid():
            try:
                kept = services.merge_initiatives(
                    keep_id=form.cleaned_data["keep"].pk,
                    remove_id=form.cleaned_data["remove"].pk,
                    actor=request.user,
                )
            except services.MergeError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    _("Samengevoegd. Scans en fasegeschiedenis staan nu bij '%(name)s'.")
                    % {"name": kept.name},
                )
                return redirect("staff_initiatives:duplicates")
        status = 400
    else:
        form = MergeForm()
        status = 200
    return render(
        request,
        "office/duplicates.html",
        {"groups": duplicate_groups(Initiative.objects.all()), "form": form},
        status=status,
    )
