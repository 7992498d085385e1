"""Who may see and do what: every role rule, grants and the access log (DESIGN §2, §5).

Views, navigation and services ask this layer; nothing else decides on a role. It reads the
models below it (people, workforce, cases, casework, quality) and writes only grants and
access events.
"""
