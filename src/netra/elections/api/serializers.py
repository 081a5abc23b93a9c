from rest_framework import serializers

from netra.elections.models import Election, ElectionStage
from netra.elections.selectors import candidate_determination_date


class StageSerializer(serializers.ModelSerializer):
    class Meta:
        model = ElectionStage
        fields = ["kind", "race", "start_date", "end_date", "source", "note"]
        read_only_fields = fields


class ElectionSerializer(serializers.ModelSerializer):
    candidate_determination_date = serializers.SerializerMethodField()

    class Meta:
        model = Election
        fields = [
            "slug",
            "name_id",
            "name_en",
            "kind",
            "vote_date",
            "regulation",
            "candidate_determination_date",
        ]
        read_only_fields = fields

    def get_candidate_determination_date(self, election) -> str | None:
        day = candidate_determination_date(election)
        return day.isoformat() if day else None


class ElectionDetailSerializer(ElectionSerializer):
    stages = StageSerializer(many=True, read_only=True)
    regions_linked = serializers.IntegerField(read_only=True)
    region_codes = serializers.SerializerMethodField()

    class Meta(ElectionSerializer.Meta):
        fields = [
            *ElectionSerializer.Meta.fields,
            "source",
            "note",
            "stages",
            "regions_expected",
            "regions_complete",
            "regions_note",
            "regions_linked",
            "region_codes",
        ]
        read_only_fields = fields

    def get_region_codes(self, election) -> list[str]:
        return list(election.regions.order_by("code").values_list("code", flat=True))
