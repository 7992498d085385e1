"""Reviewer visits (R12): time-limited, read-only access for a named peer reviewer or inspector
to chosen or drawn cases, and the report of what they viewed. Who may plan, see, extend and
revoke a visit is decided here (visits.py), beside the grants the visit gives."""
