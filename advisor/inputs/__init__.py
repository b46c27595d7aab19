"""Inputs: the answers model, what each field is, uncertain answers, and share links."""
