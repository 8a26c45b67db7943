"""`ita-docs serve`: the officer's web app and the HTTP API on one local server (FastAPI + uvicorn).

Every request carries the session token printed with the URL (query `token=` or `Authorization:
Bearer`), so another site open in the same browser cannot post to it; uploads live in a private
temporary folder removed when the server stops.
"""

from ita_docs.web.app import Limits, create_app

__all__ = ["Limits", "create_app"]
