from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0004_case_event_kind"),
    ]

    operations = [
        migrations.AddField(
            model_name="casedeadline",
            name="reminded_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
