from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvoicesConfig(AppConfig):
    name = "wijkactie.invoices"
    label = "invoices"
    verbose_name = _("Facturen")

    def ready(self):
        from wijkactie.core import jobs  # noqa: PLC0415 (models are loaded only now)
        from wijkactie.invoices.services import issue_due_invoices  # noqa: PLC0415

        jobs.register("invoices", issue_due_invoices)
