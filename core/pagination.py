"""A paginator that counts exactly up to a window of rows, then says "more than N".

An exact COUNT(*) reads every matching row: on a list of hundreds of thousands of rows that
is most of the page's time (a scan of 380,000 households takes 100 ms or more), whereas a
page of 25 rows costs a few milliseconds. Nobody pages through 10,000 households: past that
a user narrows the search. So the count stops one row after the window (`LIMIT window + 1`
in a subquery): up to the window the figure shown is exact, beyond it the list says "more
than 10,000", which is also true. The window grows with the page asked for, so that deep
pages (and "Next" from the last page of the window) still work.

Totals that matter (how many households a site follows) come from the reports, which count
them exactly.
"""

import math

from django.core.paginator import Paginator
from django.utils.functional import cached_property

# Rows counted exactly: 400 pages of 25.
EXACT_COUNT_WINDOW = 10_000
# A page number beyond this makes the window the whole list: an exact count, never a LIMIT
# larger than the database's integers.
_LARGEST_WINDOW = 10**9


class WindowPaginator(Paginator):
    """A Paginator whose `count` is exact up to `window` rows (`count_is_exact`), and at
    least `window` beyond; `num_pages` then includes one page past the window."""

    def __init__(self, object_list, per_page, *, window: int | None = None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.window = window or EXACT_COUNT_WINDOW
        self.count_is_exact = True

    def get_page(self, number):
        # The window must reach the page asked for before `count` is read (validate_number).
        try:
            wanted = int(number)
        except (TypeError, ValueError):
            wanted = 1
        if wanted * self.per_page > _LARGEST_WINDOW:
            self.window = None
        else:
            self.window = max(self.window, wanted * self.per_page)
        return super().get_page(number)

    @cached_property
    def count(self) -> int:
        if self.window is None or not hasattr(self.object_list, "order_by"):
            return super().count
        # Which rows are counted does not matter: without the order, the database reads the
        # first window + 1 rows it finds (an index-only scan when nothing is filtered).
        counted = self.object_list.order_by()[: self.window + 1].count()
        self.count_is_exact = counted <= self.window
        return min(counted, self.window)

    @cached_property
    def num_pages(self) -> int:
        count = self.count  # sets count_is_exact
        if self.count_is_exact:
            return super().num_pages
        # At least one row lies past the window: one more page, whose own count goes further.
        return math.ceil((count + 1) / self.per_page)
