from __future__ import annotations

from typing import Any


def save_clean(obj: Any, **clean_kwargs: Any) -> None:
    """Validate the model fully, then save it."""
    obj.full_clean(**clean_kwargs)
    obj.save()
