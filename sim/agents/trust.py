"""Trust: each household's propensity to refer a need and to take part. One owner; demand,
group work and policies read it, and the trust feedback moves it both ways.

Trust changes in two shapes, both of which keep it in [0, 1]: a *gain* ``g`` moves trust
``g`` of the way to one (distrust ``D = 1 - trust`` becomes ``(1 - g) D``), a *loss* ``l``
moves it ``l`` of the way to zero (``D`` becomes ``l + (1 - l) D``). Both are affine maps of
distrust, so a change to every household of a grid (an activity, word of mouth) is held as
the grid's affine map ``D = a[grid] + b[grid] * d[h]`` of each household's own number ``d``:
a grid-wide change costs O(1) whatever the number of households, and a referral reads
three numbers.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass

import numpy as np

_RENORMALISE_BELOW = 1e-9  # fold a grid's map into its households before b underflows


class Trust:
    """Referral propensities of a region's households.

    Parameters
    ----------
    initial
        Each household's trust at the start (in [0, 1]).
    household_grid
        Grid (community) index of each household.
    grids
        Number of grids.
    """

    def __init__(self, initial: np.ndarray, household_grid: np.ndarray, grids: int) -> None:
        # compact C arrays: one 8-byte number per household, not a Python object each
        self._own = array("d", (1.0 - np.asarray(initial, dtype=np.float64)).tobytes())
        self._grid_of: list[int] = np.asarray(household_grid).tolist()
        self._grid_array = np.asarray(household_grid, dtype=np.int64)
        self._offset = [0.0] * grids
        self._scale = [1.0] * grids
        self.version = 0  # changes whenever any household's trust changes

    def __len__(self) -> int:
        return len(self._own)

    def value(self, household: int) -> float:
        """Trust of one household now."""
        g = self._grid_of[household]
        return 1.0 - self._offset[g] - self._scale[g] * self._own[household]

    def grid(self, household: int) -> int:
        """The grid of one household."""
        return self._grid_of[household]

    def tables(self) -> tuple[array[float], list[float], list[float], list[int]]:
        """Each household's own number, each grid's offset and scale and each household's
        grid: ``trust = 1 - offset[g] - scale[g] * own[h]`` with ``g = grid[h]``. Read-only
        views for the demand process, which reads one household's trust per need."""
        return self._own, self._offset, self._scale, self._grid_of

    # ------------------------------------------------------------------ changes
    def gain_grid(self, grid: int, share: float) -> None:
        """Every household of ``grid`` moves ``share`` of the way to full trust."""
        self._scale[grid] *= 1.0 - share
        self._offset[grid] *= 1.0 - share
        self._renormalise(grid)
        self.version += 1

    def lose_grid(self, grid: int, share: float) -> None:
        """Every household of ``grid`` moves ``share`` of the way to no trust."""
        self._offset[grid] = share + (1.0 - share) * self._offset[grid]
        self._scale[grid] *= 1.0 - share
        self._renormalise(grid)
        self.version += 1

    def change(self, household: int, share: float) -> None:
        """One household's trust moves ``|share|`` of the way to one (``share > 0``) or to
        zero (``share < 0``)."""
        g = self._grid_of[household]
        distrust = 1.0 - self.value(household)
        if share >= 0.0:
            distrust *= 1.0 - share
        else:
            distrust = -share + (1.0 + share) * distrust
        distrust = min(1.0, max(0.0, distrust))
        if self._scale[g] > 0.0:
            self._own[household] = (distrust - self._offset[g]) / self._scale[g]
        self.version += 1

    def _renormalise(self, grid: int) -> None:
        scale = self._scale[grid]
        if scale >= _RENORMALISE_BELOW:
            return
        rows = np.flatnonzero(self._grid_array == grid)
        own = np.frombuffer(self._own, dtype=np.float64)
        own[rows] = self._offset[grid] + scale * own[rows]
        self._offset[grid], self._scale[grid] = 0.0, 1.0

    # ------------------------------------------------------------------ reads
    def values(self, rows: np.ndarray) -> np.ndarray:
        """Trust of the households ``rows`` now."""
        own = np.frombuffer(self._own, dtype=np.float64)[rows]
        grid = self._grid_array[rows]
        return 1.0 - np.asarray(self._offset)[grid] - np.asarray(self._scale)[grid] * own

    def array(self) -> np.ndarray:
        """Trust of every household now (a fresh array; for reviews and results)."""
        own = np.frombuffer(self._own, dtype=np.float64)
        grid = self._grid_array
        return 1.0 - np.asarray(self._offset)[grid] - np.asarray(self._scale)[grid] * own

    def mean(self) -> float:
        """Mean trust over households."""
        return float(self.array().mean()) if self._own else float("nan")


@dataclass(frozen=True)
class TrustFeedback:
    """How a household's first contact, or its abandonment, moves trust (and word of mouth
    moves its grid's).

    Parameters
    ----------
    trust
        The region's trust.
    timely_gain
        A first contact within the response target moves the household this share to one.
    untimely_loss
        A first contact after the target moves it this share to zero.
    abandoned_loss
        A case abandoned before its first contact moves it this share to zero.
    word_of_mouth
        The share of each change that every household of the grid also makes.
    """

    trust: Trust
    timely_gain: float = 0.0
    untimely_loss: float = 0.0
    abandoned_loss: float = 0.0
    word_of_mouth: float = 0.0

    @property
    def inert(self) -> bool:
        """Whether no first contact or abandonment ever moves trust."""
        return not (self.timely_gain or self.untimely_loss or self.abandoned_loss)

    def _move(self, household: int, share: float) -> None:
        if share == 0.0:
            return
        self.trust.change(household, share)
        spread = self.word_of_mouth * share
        if spread > 0.0:
            self.trust.gain_grid(self.trust.grid(household), spread)
        elif spread < 0.0:
            self.trust.lose_grid(self.trust.grid(household), -spread)

    def first_contact(self, household: int, timely: bool) -> None:
        """A household's case had its first contact, on time or late."""
        self._move(household, self.timely_gain if timely else -self.untimely_loss)

    def abandoned(self, household: int) -> None:
        """A household's case was abandoned before its first contact."""
        self._move(household, -self.abandoned_loss)
