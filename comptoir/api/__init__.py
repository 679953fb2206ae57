from comptoir.api.main import api

__all__ = ["api"]
