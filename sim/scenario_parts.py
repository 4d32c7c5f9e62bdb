"""The parts a community scenario is made of: need types, communities, stations, the
workforce, calendar, agency and contracts, partner units, volunteers, group work, trust and
demand (plain dataclasses; :mod:`sim.config` composes them into scenarios and runs).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sim.checks import check_min, check_share, not_allowed
from sim.units import DAYS_PER_YEAR

ELIGIBILITY = ("all", "has_elderly", "has_disabled", "has_minor", "low_income")
EFFORT_DISTRIBUTIONS = ("exponential", "fixed", "lognormal")


@dataclass
class NeedTypeConfig:
    """One type of need (elderly care, counselling, ...), per eligible household.

    Parameters
    ----------
    incidence_per_year
        Needs arising per eligible household per year.
    eligibility
        Household attribute that makes a household eligible (one of ``ELIGIBILITY``).
    urgent_share
        Share of needs that are urgent.
    target_days_urgent, target_days_standard
        Response target (days from referral to first contact) per priority.
    intake_hours
        Mean effort of the intake, the first contact.
    sessions_mean
        Mean number of sessions after the intake (Poisson).
    session_hours
        Mean effort of one session.
    effort_distribution, effort_cv
        Distribution of intake and session efforts around their means.
    session_interval_days
        Days between the end of one session and the next becoming due.
    home_visit_share
        Share of contacts that are home visits (and cost travel).
    patience_days
        Mean patience (exponential) while waiting for allocation; ``None``: nobody abandons.
    case_weight
        Weight of one case of this type against the caseload cap.
    recording_hours
        Administration (case recording) per contact.
    success_prob
        Probability that a closed case succeeded.
    volunteer_eligible
        Whether volunteers may hold this need's sessions (the worker coordinates).
    """

    incidence_per_year: float = 0.05
    eligibility: str = "all"
    urgent_share: float = 0.2
    target_days_urgent: float = 2.0
    target_days_standard: float = 14.0
    intake_hours: float = 1.5
    sessions_mean: float = 3.0
    session_hours: float = 1.0
    effort_distribution: str = "lognormal"
    effort_cv: float = 0.5
    session_interval_days: float = 14.0
    home_visit_share: float = 0.5
    patience_days: float | None = None
    case_weight: float = 1.0
    recording_hours: float = 0.25
    success_prob: float = 0.85
    volunteer_eligible: bool = False


@dataclass
class CommunityConfig:
    """A residential quarter, village or micro-grid served from one station."""

    households: int = 1000
    station: str = "centre"
    distance_km: float = 1.0
    mean_household_size: float = 2.62
    elderly_share: float = 0.3
    disabled_share: float = 0.1
    minor_share: float = 0.3
    low_income_share: float = 0.05
    minority_language_share: float = 0.0
    trust_mean: float = 0.6
    trust_concentration: float = 5.0


@dataclass
class StationConfig:
    """A station where workers are based; ``workers`` is its fixed headcount."""

    workers: int = 2


@dataclass
class WorkforceConfig:
    """Terms that apply to every social worker: cap, skills, duty pattern, administration,
    turnover and burnout, hiring, sickness absence, annual leave, training and supervision.

    ``annual_leave_days`` and ``training_days_per_year`` are working days away each year (one
    block each, at a random date); ``supervision_hours_per_month`` is professional
    supervision held as a task once a month. ``admin_share`` of duty is administration,
    interleaved with casework; when the backlog exceeds ``admin_backlog_limit_days`` days of
    it, the worker sets time aside for it ahead of standard contacts.
    """

    caseload_cap: float = 17.0
    bilingual_share: float = 0.0
    interpreter_effort_factor: float = 1.5
    bilingual_success: float = 0.914
    interpreted_success: float = 0.65
    workdays: list[int] = field(default_factory=lambda: [0, 1, 2, 3, 4])
    start_hour: float = 8.5
    hours_per_day: float = 8.0
    admin_share: float = 0.3
    exit_rate_per_year: float = 0.18
    first_year_exit_rate_per_year: float = 0.30
    burnout_threshold: float = 0.85
    burnout_build_per_year: float = 3.0
    burnout_recovery_per_year: float = 2.0
    burnout_exit_factor: float = 1.5
    hiring_lag_days: float = 60.0
    ramp_up_days: float = 90.0
    ramp_up_cap_factor: float = 0.5
    handover_hours: float = 1.0
    absence_episodes_per_year: float = 3.0
    absence_mean_days: float = 4.0
    review_interval_days: float = 30.0
    annual_leave_days: float = 0.0
    training_days_per_year: float = 0.0
    supervision_hours_per_month: float = 0.0
    admin_backlog_limit_days: float = 5.0

    def exit_hazard(self, tenure_days: float, burnout: float) -> float:
        """Exits per year of a worker with this tenure and burnout."""
        base = (self.first_year_exit_rate_per_year if tenure_days < DAYS_PER_YEAR
                else self.exit_rate_per_year)
        return base * (1.0 + self.burnout_exit_factor * burnout)

    def next_burnout(self, burnout: float, load: float, days: float) -> float:
        """Burnout after ``days`` at ``load`` (work / productive hours), kept in [0, 1]."""
        years = days / DAYS_PER_YEAR
        if load > self.burnout_threshold:
            burnout += self.burnout_build_per_year * (load - self.burnout_threshold) * years
        else:
            burnout -= self.burnout_recovery_per_year * years
        return min(1.0, max(0.0, burnout))


@dataclass
class CalendarConfig:
    """Dates of the clock and the days off or worked outside the weekly pattern.

    ``scenario.workforce.workdays``, ``start_hour`` and ``hours_per_day`` stay the weekly
    pattern and the hours; this says which dates break the pattern.

    Parameters
    ----------
    start_date
        Date of clock day 0 (``YYYY-MM-DD``): weekdays and dates follow from it.
    official_holidays
        Whether China's statutory public holidays and make-up workdays apply (State Council
        notices via ``chinese-calendar``; years it does not cover: fixed-date holidays only,
        see :mod:`sim.holidays`).
    holidays
        Extra dates off (``YYYY-MM-DD``).
    makeup_workdays
        Extra dates worked although the weekly pattern rests (``YYYY-MM-DD``).
    """

    start_date: str = "2023-01-01"
    official_holidays: bool = True
    holidays: list[str] = field(default_factory=list)
    makeup_workdays: list[str] = field(default_factory=list)


@dataclass
class AgencyConfig:
    """The employing agency: budget and what a worker costs (with several agencies,
    ``budget_per_year`` is the purchasing body's total, split over ``scenario.agencies``)."""

    budget_per_year: float | None = None
    cost_per_worker_year: float = 70000.0


@dataclass
class VolunteerConfig:
    """A pool of volunteer hours a week for volunteer-eligible sessions.

    ``hours_per_week`` is a fixed part; each active volunteer adds
    ``hours_per_volunteer_week``. There are ``initial`` volunteers at the start; a household
    taking part in an activity for the first time becomes a volunteer with probability
    ``join_prob``; each volunteer stays an exponential time of mean
    ``1 / exit_rate_per_year`` years.
    """

    hours_per_week: float = 0.0
    coordination_share: float = 0.25
    initial: int = 0
    hours_per_volunteer_week: float = 0.0
    join_prob: float = 0.0
    exit_rate_per_year: float = 0.25

    def check(self, key: str) -> None:
        """Refuse values not allowed (``ConfigError`` naming ``key.<field>``)."""
        for name in ("hours_per_week", "coordination_share", "initial",
                     "hours_per_volunteer_week", "exit_rate_per_year"):
            check_min(f"{key}.{name}", getattr(self, name), 0.0)
        check_share(f"{key}.join_prob", self.join_prob)


@dataclass
class GroupWorkConfig:
    """Community activities per station that cost worker hours and raise trust."""

    activities_per_year: float = 0.0
    hours_per_activity: float = 3.0
    trust_boost: float = 0.02
    # Attendance: each household of the station's grids attends with probability
    # attendance_rate x its trust (at most once per activity, one person per household),
    # up to capacity people; 0 leaves activities without participants.
    attendance_rate: float = 0.0
    capacity: int = 100

    def check(self, key: str) -> None:
        """Refuse values not allowed (``ConfigError`` naming ``key.<field>``)."""
        for name in ("activities_per_year", "hours_per_activity", "capacity"):
            check_min(f"{key}.{name}", getattr(self, name), 0.0)
        for name in ("trust_boost", "attendance_rate"):
            check_share(f"{key}.{name}", getattr(self, name))


@dataclass
class TrustConfig:
    """How first contacts and abandonments move households' trust (all shares in [0, 1]).

    A timely first contact moves the household ``timely_gain`` of the way to full trust; an
    untimely one ``untimely_loss`` of the way to none, an abandonment ``abandoned_loss``;
    every household of its grid makes ``word_of_mouth`` of the same change. Zero: trust does
    not respond to service.
    """

    timely_gain: float = 0.0
    untimely_loss: float = 0.0
    abandoned_loss: float = 0.0
    word_of_mouth: float = 0.0

    def check(self, key: str) -> None:
        """Refuse values not allowed (``ConfigError`` naming ``key.<field>``)."""
        for name in ("timely_gain", "untimely_loss", "abandoned_loss", "word_of_mouth"):
            check_share(f"{key}.{name}", getattr(self, name))


@dataclass
class DemandConfig:
    """When referrals arrive over the week and the year (see :mod:`sim.agents.profile`).

    ``office_hours_share``: share of standard referrals arriving in office hours (the
    workforce's workdays and duty hours; ``None``: flat); urgent ones arrive at any hour.
    ``seasonal``: twelve monthly multipliers (January first), or empty for none.
    """

    office_hours_share: float | None = None
    seasonal: list[float] = field(default_factory=list)

    def check(self, key: str) -> None:
        """Refuse values not allowed (``ConfigError`` naming ``key.<field>``)."""
        if self.office_hours_share is not None:
            check_share(f"{key}.office_hours_share", self.office_hours_share)
        if self.seasonal and (len(self.seasonal) != 12 or min(self.seasonal) < 0
                              or max(self.seasonal) <= 0):
            raise not_allowed(f"{key}.seasonal", self.seasonal,
                              "twelve non-negative monthly multipliers, not all zero, or []")
