"""Kept for the migrations that name it: the private storage lives in journey.core.storage."""

from journey.core.storage import PrivateStorage, private_storage

__all__ = ["PrivateStorage", "private_storage"]
