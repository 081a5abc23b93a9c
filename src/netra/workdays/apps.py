from django.apps import AppConfig


class WorkdaysConfig(AppConfig):
    name = "netra.workdays"
    label = "workdays"
