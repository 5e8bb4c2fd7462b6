"""What actie adds to the initiatives (connected in ActieConfig.ready): the scans on an
initiative's page, and its scans following it when staff merge a duplicate into it."""

from django.template.loader import render_to_string

from wijkactie.actie.models import Scan


def initiative_page(sender, *, initiative, request, **kwargs) -> str:
    scans = Scan.objects.visible_to(request.user).filter(initiative=initiative)
    return render_to_string(
        "actie/initiative_scans.html",
        {"initiative": initiative, "scans": list(scans.order_by("created_at"))},
        request=request,
    )


def initiatives_merging(sender, *, keep, remove, **kwargs) -> dict:
    return {"scans": Scan.objects.filter(initiative=remove).update(initiative=keep)}
