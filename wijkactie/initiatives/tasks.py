from django.tasks import task

from wijkactie.initiatives.inventory import check_import, save_import


@task()
def check_import_task(*, import_id: int) -> None:
    check_import(import_id=import_id)


@task()
def save_import_task(*, import_id: int) -> None:
    save_import(import_id=import_id)
