"""What each form asks, in the words it shows: read by the public form (forms.py), by the service
that checks and keeps the answers (services.py) and by the pages that show them."""

from __future__ import annotations

from dataclasses import dataclass, field

from journey.voice.links.models import Benefit, ViewsForm


@dataclass(frozen=True)
class Question:
    name: str
    label: str
    #: "text" (a box), "faces" (pictures with words) or "choice" (radios)
    kind: str = "text"
    choices: tuple[tuple[str, str], ...] = ()
    required: bool = True
    hint: str = ""
    #: The error when a required answer is missing, in the form's own voice.
    missing: str = ""

    def words_for(self, value: str) -> str:
        return dict(self.choices).get(value, value)


FACES = (
    ("happy", "Happy"),
    ("ok", "OK"),
    ("sad", "Sad"),
    ("worried", "Worried"),
    ("cross", "Cross"),
)
SAFE = (("yes", "Yes"), ("sometimes", "Sometimes"), ("no", "No"))


@dataclass(frozen=True)
class FormDefinition:
    title: str
    intro: str
    questions: tuple[Question, ...] = field(default_factory=tuple)


FORMS: dict[str, FormDefinition] = {
    ViewsForm.YOUNG_CHILD: FormDefinition(
        "Tell us how you feel",
        "Pick the picture that is most like you. There are no wrong answers.",
        (
            Question(
                "home",
                "How do you feel at home?",
                "faces",
                FACES,
                missing="Pick how you feel at home",
            ),
            Question(
                "school",
                "How do you feel at school or nursery?",
                "faces",
                FACES,
                missing="Pick how you feel at school or nursery",
            ),
            Question(
                "safe",
                "Do you feel safe at home?",
                "choice",
                SAFE,
                missing="Pick yes, sometimes or no",
            ),
            Question(
                "tell_us",
                "Is there anything else you want to tell us?",
                required=False,
                hint="You can ask a grown-up to help you write it",
            ),
        ),
    ),
    ViewsForm.OLDER_CHILD: FormDefinition(
        "Tell us what you think",
        "Your answers go to your worker. You do not have to answer every question.",
        (
            Question(
                "going_well",
                "What is going well for you?",
                missing="Tell us what is going well for you, or write 'nothing'",
            ),
            Question(
                "worries",
                "What is not going well, or worries you?",
                missing="Tell us what worries you, or write 'nothing'",
            ),
            Question(
                "would_like",
                "What would you like to happen?",
                missing="Tell us what you would like to happen",
            ),
            Question(
                "who_comes",
                "Who would you like at your meeting?",
                required=False,
                hint="For example a friend, a teacher or a relative",
            ),
        ),
    ),
    ViewsForm.PARENT: FormDefinition(
        "Tell us what you think",
        "Your answers go to your worker before the meeting.",
        (
            Question(
                "working",
                "What is working well for your family?",
                missing="Tell us what is working well, or write 'nothing'",
            ),
            Question(
                "worries",
                "What worries you?",
                missing="Tell us what worries you, or write 'nothing'",
            ),
            Question(
                "from_meeting",
                "What do you want from the meeting?",
                missing="Tell us what you want from the meeting",
            ),
        ),
    ),
    ViewsForm.CLOSURE: FormDefinition(
        "What difference has the help made?",
        "Tell us what difference the help you had made to you and your family.",
        (
            Question(
                "benefit",
                "How much difference has the help made?",
                "choice",
                tuple(Benefit.choices),
                missing="Select how much difference the help has made",
            ),
            Question(
                "benefit_words",
                "Tell us about the difference, in your own words",
                required=False,
                hint="For example what has changed at home",
            ),
        ),
    ),
}
