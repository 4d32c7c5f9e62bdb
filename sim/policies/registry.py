"""One plug-in pattern for every policy family: a :class:`Family` of named :class:`Option` s.

An option is a name, its parameter dataclass and a factory. The parameter dataclass is the
option's configuration schema (Hydra registers it as ``policy/<family>/base_<option>``): it
has a ``name`` field whose default is the option's name, only the option's own keys with
their documented defaults, and a ``check`` of its own values. The factory turns validated
parameters (and whatever the family's context is) into the policy object; when the
parameters are the policy itself, the factory is :func:`itself`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sim.checks import ConfigError, check_choice, not_allowed

T = TypeVar("T")


class Parameters:
    """Base of the parameter dataclasses of policy options.

    Subclasses are dataclasses with a ``name`` field (the option's name as default) and their
    own keys; they override :meth:`check` to refuse values they do not allow.
    """

    name: str

    def check(self, key: str) -> None:
        """Raise :class:`sim.checks.ConfigError` for a value under ``key`` not allowed here."""


def itself(params: Any) -> Any:
    """The factory of an option whose parameters are the policy itself."""
    return params


def keys_of(params: type[Parameters]) -> tuple[str, ...]:
    """The configuration keys of a parameter dataclass."""
    return tuple(f.name for f in dataclasses.fields(params))  # type: ignore[arg-type]


@dataclass(frozen=True)
class Option(Generic[T]):
    """One option of a family: its name, parameter dataclass and factory.

    Parameters
    ----------
    name
        The option's name (``policy/<family>=<name>``; also the default of ``params.name``).
    params
        The parameter dataclass; every field has a default.
    factory
        ``factory(params, *context) -> policy``.
    """

    name: str
    params: type[Parameters]
    factory: Callable[..., T]

    def __post_init__(self) -> None:
        if not dataclasses.is_dataclass(self.params) or self.params().name != self.name:
            raise TypeError(f"option {self.name!r}: {self.params.__name__} must be a dataclass "
                            f"whose name defaults to {self.name!r}")


class Family(Mapping[str, Option[T]], Generic[T]):
    """The options of one policy family, by name (in the order given; the first is listed
    first in messages).

    Parameters
    ----------
    name
        The family's name: its key is ``policy.<name>`` and its group ``policy/<name>``.
    options
        Its options; names must be unique.
    """

    def __init__(self, name: str, options: Sequence[Option[T]]) -> None:
        self.name = name
        self._options = {option.name: option for option in options}
        if len(self._options) != len(options):
            raise TypeError(f"family {name!r}: option names must be unique")

    def __getitem__(self, name: str) -> Option[T]:
        return self._options[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._options)

    def __len__(self) -> int:
        return len(self._options)

    def __repr__(self) -> str:
        return f"Family({self.name!r}, {list(self._options)})"

    @property
    def key(self) -> str:
        """The configuration key of the family, ``policy.<name>``."""
        return f"policy.{self.name}"

    @property
    def group(self) -> str:
        """The Hydra config group of the family, ``policy/<name>``."""
        return f"policy/{self.name}"

    def option_for(self, params: object) -> Option[T]:
        """The option that ``params`` configures, refusing unknown names and mismatches."""
        if not isinstance(params, Parameters):
            raise not_allowed(self.key, params,
                              f"choose an option with {self.group}=<name>: allowed values are "
                              f"{', '.join(self)}")
        check_choice(f"{self.key}.name", params.name, self)
        option = self._options[params.name]
        if type(params) is not option.params:
            chosen = next((o.name for o in self.values() if o.params is type(params)),
                          type(params).__name__)
            raise not_allowed(f"{self.key}.name", params.name,
                              f"the keys given are those of {chosen}; choose an option with "
                              f"{self.group}={params.name}, not by its name")
        return option

    def check(self, params: object) -> Option[T]:
        """Validate the chosen option's parameters (name first, then its own values); return
        the option."""
        option = self.option_for(params)
        assert isinstance(params, Parameters)
        params.check(self.key)
        return option

    def make(self, params: Parameters, *context: Any) -> T:
        """The policy that ``params`` configure, checked first."""
        return self.check(params).factory(params, *context)

    def create(self, name: str, *context: Any, **values: Any) -> T:
        """The option called ``name`` with ``values`` (other keys at their defaults)."""
        check_choice(f"{self.key}.name", name, self)
        params = self._options[name].params
        for key in values:
            if key not in keys_of(params):
                raise ConfigError(f"{self.key}.{key} is not a known key of option {name}: "
                                  f"allowed keys are {', '.join(keys_of(params))}")
        return self.make(params(**values), *context)
