from django.db import migrations, models


class Migration(migrations.Migration):
    """The staff legal note of an act was written in English only; Indonesian pages showed it in
    English. The existing text becomes the English note; `load-reference` fills the Indonesian one."""

    dependencies = [
        ("rules", "0002_catalog_second_pass"),
    ]

    operations = [
        migrations.RenameField(
            model_name="prohibitedact",
            old_name="legal_note",
            new_name="legal_note_en",
        ),
        migrations.AlterField(
            model_name="prohibitedact",
            name="legal_note_en",
            field=models.TextField(blank=True, verbose_name="catatan hukum untuk petugas (Inggris)"),
        ),
        migrations.AddField(
            model_name="prohibitedact",
            name="legal_note_id",
            field=models.TextField(blank=True, verbose_name="catatan hukum untuk petugas"),
        ),
    ]
