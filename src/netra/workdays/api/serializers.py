from rest_framework import serializers


class DueDateSerializer(serializers.Serializer):
    start = serializers.DateField()
    days = serializers.IntegerField()
    region = serializers.CharField(allow_null=True)
    due = serializers.DateField()


class WorkingDaysBetweenSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    region = serializers.CharField(allow_null=True)
    working_days = serializers.IntegerField()


class NonWorkingDaySerializer(serializers.Serializer):
    date = serializers.DateField()
    name = serializers.CharField()


class NonWorkingDaysSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    region = serializers.CharField(allow_null=True)
    days = NonWorkingDaySerializer(many=True)
