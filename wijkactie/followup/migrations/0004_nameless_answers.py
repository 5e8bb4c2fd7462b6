"""Issue 22: evaluation answers that cannot be tied to a person. The invitation keeps only
whether it was answered (not when); the set of parts attended leaves the answer, and how useful
each part was is counted in PartTally instead of stored per answer."""

from collections import Counter

import django.db.models.deletion
from django.db import migrations, models


def count_and_forget(apps, schema_editor):
    EvaluationAnswer = apps.get_model("followup", "EvaluationAnswer")
    EvaluationInvite = apps.get_model("followup", "EvaluationInvite")
    PartTally = apps.get_model("followup", "PartTally")
    ProgrammePart = apps.get_model("events", "ProgrammePart")
    EvaluationInvite.objects.filter(answered_at__isnull=False).update(answered=True)
    tallies = Counter()
    for answer in EvaluationAnswer.objects.all():
        for part_id in answer.parts:
            tallies[(answer.event_id, int(part_id), int(answer.usefulness.get(str(part_id), 0)))] += 1
    known = set(ProgrammePart.objects.values_list("pk", flat=True))
    PartTally.objects.bulk_create(
        PartTally(event_id=event, part_id=part, score=score, count=n)
        for (event, part, score), n in sorted(tallies.items())
        if part in known
    )


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0017_markdown_texts_capped"),
        ("followup", "0003_checkin_label"),
    ]

    operations = [
        migrations.AddField(
            model_name="evaluationinvite",
            name="answered",
            field=models.BooleanField(default=False),
        ),
        migrations.CreateModel(
            name="PartTally",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("score", models.PositiveSmallIntegerField()),
                ("count", models.PositiveIntegerField(default=0)),
                (
                    "event",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="part_tallies",
                        to="events.event",
                    ),
                ),
                (
                    "part",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="events.programmepart",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("part", "score"), name="one_tally_per_part_and_score"
                    )
                ],
            },
        ),
        migrations.RunPython(count_and_forget, migrations.RunPython.noop),
        migrations.RemoveField(model_name="evaluationanswer", name="parts"),
        migrations.RemoveField(model_name="evaluationanswer", name="usefulness"),
        migrations.RemoveField(model_name="evaluationinvite", name="answered_at"),
    ]
