from django.tasks import task

from wijkactie.core.sending import send_email


@task()
def send_email_task(*, email_id: int) -> None:
    send_email(email_id=email_id)
