from rest_framework import serializers

from netra.regions.models import Region


class RegionSerializer(serializers.ModelSerializer):
    parent = serializers.CharField(source="parent.code", read_only=True, allow_null=True)

    class Meta:
        model = Region
        fields = ["code", "name", "level", "kind", "parent", "edition"]
        read_only_fields = fields


class RegionAncestorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["code", "name", "level", "kind"]
        read_only_fields = fields


class RegionDetailSerializer(RegionSerializer):
    ancestors = RegionAncestorSerializer(source="ancestor_list", many=True, read_only=True)
    children = serializers.IntegerField(source="children_count", read_only=True)

    class Meta(RegionSerializer.Meta):
        fields = [*RegionSerializer.Meta.fields, "ancestors", "children"]
        read_only_fields = fields
