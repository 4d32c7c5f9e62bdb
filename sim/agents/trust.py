"""Trust: each household's propensity to refer a need. One owner; demand and policies read it.

Group activities raise the trust of every household of a station at once: ``trust`` moves a
share ``b`` of the way to one, i.e. distrust ``1 - trust`` is multiplied by ``1 - b``. Trust
is therefore held as each household's own distrust times its station's factor, so an
activity costs O(1) whatever the number of households, and a referral reads two numbers.
"""

from __future__ import annotations

from array import array

import numpy as np


class Trust:
    """Referral propensities of a region's households.

    Parameters
    ----------
    initial
        Each household's trust at the start (in [0, 1]).
    household_station
        Station index of each household.
    stations
        Number of stations.
    """

    def __init__(self, initial: np.ndarray, household_station: np.ndarray,
                 stations: int) -> None:
        # compact C arrays: one 8-byte number per household, not a Python object each
        self._distrust = array("d", (1.0 - np.asarray(initial, dtype=np.float64)).tobytes())
        self._station_of: list[int] = np.asarray(household_station).tolist()
        self._station_array = np.asarray(household_station, dtype=np.int64)
        self._factor = [1.0] * stations
        self.version = 0  # changes whenever any household's trust changes

    def __len__(self) -> int:
        return len(self._distrust)

    def value(self, household: int) -> float:
        """Trust of one household now."""
        return 1.0 - self._distrust[household] * self._factor[self._station_of[household]]

    def tables(self) -> tuple[array[float], list[float], list[int]]:
        """Each household's distrust, each station's factor and each household's station:
        ``trust = 1 - distrust[h] * factor[station[h]]``. Read-only views for the demand
        process, which reads one household's trust per need."""
        return self._distrust, self._factor, self._station_of

    def boost_station(self, station: int, share: float) -> None:
        """Every household of ``station`` moves ``share`` of the way to full trust."""
        self._factor[station] *= 1.0 - share
        self.version += 1

    def array(self) -> np.ndarray:
        """Trust of every household now (a fresh array; for reviews and results)."""
        factor = np.asarray(self._factor)[self._station_array]
        return 1.0 - np.frombuffer(self._distrust, dtype=np.float64) * factor

    def mean(self) -> float:
        """Mean trust over households."""
        return float(self.array().mean()) if self._distrust else float("nan")
