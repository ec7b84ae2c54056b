"""Realize: fill a plan's templates with words, drawn from a seeded stream, and keep the best candidate."""
