"""Building many objects at once without the cyclic garbage collector rescanning them.

Loading a dataset, reading the cache and building the alignment evidence each make
millions of small objects. With the collector on, it would scan them again and again
while they are built; merely switching it off for the duration moves the cost to the
first collection afterwards, which scans them all once more. ``paused`` does neither:
the collector is off while the objects are built, and afterwards they are moved to the
oldest generation unscanned (``gc.freeze`` then ``gc.unfreeze``), where they are
collected, like any long-lived object, by the next full collection.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """The collector off inside the block; what the block made is aged, not scanned."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:  # the outermost pause: nested ones leave it to this one
            gc.freeze()
            gc.unfreeze()
            gc.enable()
