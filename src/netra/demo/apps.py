from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "netra.demo"
    label = "demo"
