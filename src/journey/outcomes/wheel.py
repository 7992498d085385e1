"""Journey's own outcome tool, of the project's design and free to use: ten scales scored 0 to
10 by the family and worker. The migration that first added it keeps its own copy of these words
(migrations never change); this copy puts the tool back where a database has lost it."""

from __future__ import annotations

NAME = "Journey family wheel"
SCALES = [
    ("home", "Home and family life", "Home is chaotic or unsafe", "Home is settled and safe"),
    ("health", "Health", "Health needs are not met", "Everyone's health needs are met"),
    (
        "relationships",
        "Relationships",
        "Relationships in the family are in crisis",
        "The family gets on and sorts out problems together",
    ),
    (
        "learning",
        "School and learning",
        "The child is not in school or learning",
        "The child goes to school and is learning well",
    ),
    ("money", "Money and housing", "Money or housing is in crisis", "Money and housing are secure"),
    (
        "wellbeing",
        "Emotional wellbeing",
        "Someone is struggling every day",
        "Everyone copes well with how they feel",
    ),
    ("safety", "Keeping safe", "The child is not safe", "The child is safe and knows it"),
    (
        "behaviour",
        "Behaviour",
        "Behaviour causes serious harm or trouble",
        "Behaviour is what the family wants it to be",
    ),
    (
        "community",
        "Friends and community",
        "The family is cut off from others",
        "The family has friends and support nearby",
    ),
    (
        "confidence",
        "Confidence and hope",
        "The family sees no way forward",
        "The family is confident about the future",
    ),
]

DESCRIPTION = (
    "Ten scales, each scored from 0 (things are very hard) to 10 (things are going well) by the "
    "family with their worker, at the start, at each review and at closure."
)
LICENCE = "Designed for Journey: any council may use, change and share it."
KINDS_OF_WORK = ["eh_single", "eh_caf", "family_help"]
SCORED_BY = ["child", "parent", "worker", "together"]
