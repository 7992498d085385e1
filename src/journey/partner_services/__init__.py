"""Partner services: the council's referrals of a child to other services (CAMHS, SEND, health,
speech and language therapy …), their response, first appointment and outcome, the escalation
trail when a service does not engage, and the waiting-time and escalation measures."""
