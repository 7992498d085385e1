from django.apps import AppConfig


class MyWorkConfig(AppConfig):
    name = "journey.my_work"
    verbose_name = "My work"
