from django import forms
from django.utils.translation import gettext_lazy as _

from netra.elections.models import Election


class ElectionField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name  # in the reader's language, never the slug


class PublicStatisticsForm(forms.Form):
    """The one filter of the public statistics: an election (docs/analytics.md)."""

    election = ElectionField(
        label=_("Pemilihan"),
        queryset=Election.objects.none(),
        to_field_name="slug",
        empty_label=None,
    )

    def __init__(self, *args, election=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["election"]
        field.queryset = Election.objects.order_by("-vote_date")
        field.widget.attrs["class"] = "form-select"
        if election is not None:
            self.initial["election"] = election.slug
