"""Family group decision-making before an application to court (Children Act 1989 s31ZA): the
letter before proceedings with its offer, the family's answer, the meeting and the family's plan,
best-interests decisions, and applications for care or supervision orders."""
