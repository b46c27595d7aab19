"""A bounded store of results kept per process, for a result worked out from more than its key.

`functools.lru_cache` computes a missing result from its key alone; the engine keys a recommendation by the
scored answers but works it out from the validated answers it already holds (rebuilding them from the key costs
about a tenth of the work). So it asks `get`, and on a miss `put`s what it worked out.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Kept(Generic[K, V]):
    """At most `size` results; the oldest put goes first when a new one comes (first in, first out: a result
    asked for often is worked out again once every `size` new keys). Safe across threads without a lock:
    each step is one call of the dict (atomic); two threads putting at once may forget one result more."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._values: OrderedDict[K, V] = OrderedDict()  # oldest first; a dict would look for it past the gaps

    def get(self, key: K) -> V | None:
        return self._values.get(key)

    def put(self, key: K, value: V) -> V:
        """Keep `value` for `key` and return it (a value already kept for the key stays: it is the same)."""
        values = self._values  # one store throughout, though `cache_clear` may put a new one meanwhile
        kept = values.setdefault(key, value)
        if len(values) > self._size:  # each put adds one before it takes one: never empty here
            values.popitem(last=False)
        return kept

    def __len__(self) -> int:
        return len(self._values)

    def cache_clear(self) -> None:
        """Forget every result (named as `functools.lru_cache` names it: `analysis.forget_kept` clears both).
        A new store, not the old one emptied, which a `put` in another thread may still be taking from."""
        self._values = OrderedDict()
