from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvoicesConfig(AppConfig):
    name = "wijkactie.invoices"
    label = "invoices"
    verbose_name = _("Facturen")

    def ready(self):
        from wijkactie.core import jobs, mails  # noqa: PLC0415 (models are loaded only now)
        from wijkactie.invoices.services import (  # noqa: PLC0415
            invoice_attachment,
            issue_due_invoices,
        )

        mails.register_attachment("invoices.pdf", invoice_attachment)
        jobs.register("invoices", issue_due_invoices)
