from django.apps import AppConfig


class SigninConfig(AppConfig):
    name = "journey.signin"
    label = "signin"
    verbose_name = "Sign-in"

    def ready(self) -> None:
        from journey.signin import checks, signals  # noqa: F401  (registers them)
