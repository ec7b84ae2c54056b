"""Check: the anti-copy guard and mechanical defects, and the ranker's own measures of a candidate."""
