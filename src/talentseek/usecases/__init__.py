"""Use cases the faces call: jobs (list, read, post, edit, apply), accounts and API keys, demo setup.

Each function takes explicit parts (the Database, the acting principal) and opens its own session,
so api/, web/ and cli/ never touch SQL; results are plain dicts in the API's JSON shapes.
Matching has its own use cases in match/usecases.py.
"""
