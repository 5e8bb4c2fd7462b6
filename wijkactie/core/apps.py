from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "wijkactie.core"
    label = "core"
    verbose_name = _("Kern")

    def ready(self):
        from wijkactie.core import converters  # noqa: PLC0415

        converters.register()  # before any URL configuration is read
        from wijkactie.core import jobs  # noqa: PLC0415 (models are loaded only now)
        from wijkactie.core.sending import send_due_emails  # noqa: PLC0415
        from wijkactie.core.services import prune_task_results  # noqa: PLC0415

        jobs.register("mail", send_due_emails)
        jobs.register("task results", prune_task_results, every=jobs.HOURLY)
        from wijkactie.core import checks  # noqa: F401, PLC0415 (registers the deploy checks)
