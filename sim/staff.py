"""The staff registry: owns the workers, issues their ids and indexes those with room.

Dispatch asks "the worker with room for this case that comes first in this order (among this
station's, or among the bilingual)" once per referral. Scanning every worker for that made
the cost of a referral grow with the workforce; here each (order, group) pair that a policy
asks for gets a heap of the workers with room, kept up to date lazily: a worker whose room,
cap or caseload changed is pushed again, and entries that no longer hold are dropped when
they reach the top. A question costs O(log W) amortised.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from typing import Generic, Protocol, TypeVar

EPS = 1e-9


class Member(Protocol):
    """What the registry reads of a worker."""

    id: int
    station: int
    active: bool
    bilingual: bool
    caseload: float
    cap_now: float
    last_new_case_at: float

    def has_room(self, weight: float) -> bool: ...


W = TypeVar("W", bound=Member)


#: Orders a policy can ask for; each maps a worker to its sort key (smallest first).
ORDERS: dict[str, Callable[[Member], tuple[float, int]]] = {
    "id": lambda w: (0.0, w.id),
    "caseload": lambda w: (w.caseload, w.id),
    "longest_since_new_case": lambda w: (w.last_new_case_at, w.id),
}
#: The attribute each order sorts by before the id (``None``: the id alone). The heaps read
#: it with ``getattr`` (no Python call per key: keys are made twice per case).
ORDER_ATTRS: dict[str, str | None] = {
    "id": None, "caseload": "caseload", "longest_since_new_case": "last_new_case_at"}
#: Orders whose key never changes while a worker is employed.
STATIC_ORDERS = frozenset({"id"})


class _RoomHeap:
    """Workers with room of one group, smallest key first (lazy deletion).

    ``present`` maps a worker id to the key of its live entry. An entry is acted on only if
    it is still the worker's live entry, the worker still has room, is still in the group
    (``getattr(worker, group) == value``) and still has that key; anything else is dropped
    when it reaches the top.
    """

    __slots__ = ("attr", "group", "heap", "present", "static", "value")

    def __init__(self, attr: str | None, group: str | None, value: object,
                 static: bool) -> None:
        self.attr = attr
        self.group = group
        self.value = value
        self.static = static
        self.heap: list[tuple[float, int]] = []
        self.present: dict[int, tuple[float, int]] = {}

    def update(self, worker: Member) -> None:
        if self.static and worker.id in self.present:
            return  # its entry is still in the heap with the same key: nothing to do
        if not (worker.active and worker.caseload < worker.cap_now - EPS):
            return
        if self.group is not None and getattr(worker, self.group) != self.value:
            return
        key = (0.0 if self.attr is None else getattr(worker, self.attr), worker.id)
        if self.present.get(worker.id) != key:
            self.present[worker.id] = key
            heapq.heappush(self.heap, key)
            if len(self.heap) > 4 * len(self.present) + 64:  # many stale entries: compact
                self.heap = sorted(self.present.values())


class Staff(Generic[W]):
    """Every worker ever employed, the active ones by station, and who has room."""

    def __init__(self, first_id: int = 0) -> None:
        # ids start at ``first_id`` (one block of ids per agency); the slots below it are
        # empty, so a worker is still found at its id's position
        self._first = first_id
        self._workers: list[W] = [None] * first_id  # type: ignore[list-item]
        self._active: dict[int, W] = {}
        self._by_station: dict[int, list[W]] = {}  # active ones by station, made on demand
        self._heaps: dict[tuple[str, str, object], _RoomHeap] = {}
        self._whole: dict[str, _RoomHeap] = {}  # the heaps of all workers, by order alone

    # ------------------------------------------------------------------ membership
    def next_id(self) -> int:
        """The id the next worker added will have (its position in :meth:`ever`)."""
        return len(self._workers)

    def add(self, worker: W) -> None:
        """Register a newly employed worker (ids are issued in order by :meth:`next_id`)."""
        if worker.id != len(self._workers):
            raise ValueError(f"worker id {worker.id} out of turn: expected {len(self._workers)}")
        self._workers.append(worker)
        self._active[worker.id] = worker
        self._by_station.clear()
        self.room_changed(worker)

    def remove(self, worker: W) -> None:
        """A worker left (it stays in :meth:`ever` for the results).

        Raises
        ------
        ValueError
            If the worker is still active (retire it first: the room indexes read
            ``active``).
        """
        if worker.active:
            raise ValueError(f"worker {worker.id} is still active: retire it before removing")
        self._active.pop(worker.id, None)
        self._by_station.clear()

    def get(self, worker_id: int) -> W:
        """The worker with this id."""
        return self._workers[worker_id]

    def ever(self) -> list[W]:
        """Every worker ever employed, in id order."""
        return self._workers[self._first:]

    def active(self, station: int | None = None) -> list[W]:
        """Active workers in id order (of one station if given)."""
        if station is None:
            return list(self._active.values())
        # kept between hirings and exits: asked per urgent referral off duty (the rota)
        members = self._by_station.get(station)
        if members is None:
            members = self._by_station[station] = [
                w for w in self._active.values() if w.station == station]
        return list(members)

    def count(self, station: int | None = None) -> int:
        """Number of active workers (of one station if given)."""
        if station is None:
            return len(self._active)
        return len(self.active(station))

    # ------------------------------------------------------------------ room
    def room_changed(self, worker: W) -> None:
        """A worker's caseload, cap, skills or status changed: refresh the indexes."""
        wid = worker.id
        # Only a worker with room is pushed (``_RoomHeap.update``, inlined: twice per case).
        room = worker.active and worker.caseload < worker.cap_now - EPS
        for heap in self._heaps.values():
            if heap.static and wid in heap.present:
                continue  # its entry is still in the heap with the same key
            if not room or (heap.group is not None
                            and getattr(worker, heap.group) != heap.value):
                continue
            attr = heap.attr
            value = 0.0 if attr is None else getattr(worker, attr)
            present = heap.present
            live = present.get(wid)
            if live is None or live[0] != value:  # (a new key, or none yet)
                key = present[wid] = (value, wid)
                heapq.heappush(heap.heap, key)
                if len(heap.heap) > 4 * len(present) + 64:  # many stale entries: compact
                    heap.heap = sorted(present.values())

    def _heap(self, order: str, group: str, value: object) -> _RoomHeap:
        index = (order, group, value)
        heap = self._heaps.get(index)
        if heap is None:
            heap = self._heaps[index] = _RoomHeap(
                ORDER_ATTRS[order], None if group == "all" else group, value,
                order in STATIC_ORDERS and group != "bilingual")
            for worker in self._active.values():
                heap.update(worker)
            if group == "all":
                self._whole[order] = heap
        return heap

    def best_with_room(self, weight: float, order: str = "id", *, station: int | None = None,
                       bilingual: bool | None = None) -> W | None:
        """The active worker with room for ``weight`` that comes first in ``order``.

        Parameters
        ----------
        weight
            The case's weight against the cap.
        order
            One of :data:`ORDERS`.
        station, bilingual
            Restrict to one station's workers, or to workers who do (not) speak the minority
            language; at most one of them.
        """
        if station is not None:
            heap = self._heap(order, "station", station)
        elif bilingual is not None:
            heap = self._heap(order, "bilingual", bilingual)
        else:
            # by the order alone: no key tuple to build and hash (once per referral)
            heap = self._whole.get(order) or self._heap(order, "all", None)
        # The top entry that still holds and fits (once per referral: one frame).
        entries, present, workers = heap.heap, heap.present, self._workers
        attr, group, value, static = heap.attr, heap.group, heap.value, heap.static
        skipped: list[tuple[float, int]] = []
        found: W | None = None
        while entries:
            entry = entries[0]
            wid = entry[1]
            worker = workers[wid]
            # the worker's live entry has this key (keys are (value, id): compare the values)
            current = present.get(wid)
            live = current is not None and current[0] == entry[0]
            if (not live or not worker.active
                    or worker.caseload >= worker.cap_now - EPS
                    or (group is not None and getattr(worker, group) != value)
                    or (not static and attr is not None and getattr(worker, attr) != entry[0])):
                heapq.heappop(entries)
                if live:
                    del present[wid]
                continue
            if worker.caseload + weight <= worker.cap_now + EPS:  # has_room, inlined
                found = worker
                break
            skipped.append(heapq.heappop(entries))  # room, but not for this weight
        for entry in skipped:
            heapq.heappush(entries, entry)
        return found
