"""Rules as data: the genre lexicon (alternations, protected formulations), its weights, clause rewrites."""
