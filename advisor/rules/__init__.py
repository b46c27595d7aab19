"""Rules: the condition grammar, the knowledge files' schemas, and the loader that checks and compiles them."""
