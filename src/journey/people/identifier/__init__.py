"""The consistent child identifier (Children Act 2004 s16LC; the NHS number by default): its
match status on each child, the reason where a child has none, and possible duplicates."""
