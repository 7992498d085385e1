from django.apps import AppConfig


class PeerReviewConfig(AppConfig):
    """Peer challenge (R14): the review, its case samples and audits, the findings letter, and
    the improvement plan it becomes."""

    name = "journey.peer_review"
    verbose_name = "Peer challenge"
