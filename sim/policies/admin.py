"""Administration policy: how heavy the administrative time tax is.

``baseline`` keeps the scenario's admin share and recording time; ``burden_reduction``
scales both down (digital forms, fewer duplicate reports: "small horses pulling big carts").
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AdminPolicy:
    """Factors on the fixed admin share of duty and on per-contact recording time."""

    name: str = "baseline"
    admin_share_factor: float = 1.0
    recording_factor: float = 1.0

    def admin_share(self, base: float) -> float:
        """The fixed admin share of duty under this policy."""
        return base * self.admin_share_factor

    def recording_hours(self, base: float) -> float:
        """Recording hours per contact under this policy."""
        return base * self.recording_factor
