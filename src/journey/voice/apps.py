from django.apps import AppConfig


class VoiceConfig(AppConfig):
    """The voice of the child and family (R8): views given through a secure link, families'
    evidence of benefit, the participation register on Hart's ladder, "you said, we did", and
    the impact report."""

    name = "journey.voice"
    verbose_name = "Voice of the child and family"

    def ready(self) -> None:
        from journey.chronology.sources import register_source
        from journey.core.measures import register
        from journey.voice.links.models import ViewsAnswer
        from journey.voice.measures import MEASURES

        register(*MEASURES)
        # "Views from the child / parent" opens the link's page, with the answers as sent.
        register_source(
            ViewsAnswer, child="child", episode=None, page="views_link", page_arg="link_id"
        )
