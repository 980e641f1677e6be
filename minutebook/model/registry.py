"""The registry of departments and people (`records/org.yml`), as the model sees it.

An owner must be a person or a department named here; `checks/registry.py` reads and
validates the file.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from minutebook.model.policy import escalation_threshold

REGISTRY_PATH = "records/org.yml"


@dataclass
class Department:
    name: str
    lead: str
    contacts: list[str]


@dataclass
class Person:
    name: str
    department: str
    email: str
    handle: str = ""  # optional account on the code host (GitHub/GitLab user), for CODEOWNERS


@dataclass
class Registry:
    departments: dict[str, Department] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    settings: dict = field(default_factory=dict)

    def is_person(self, name: str) -> bool:
        return name in self.people

    def is_department(self, name: str) -> bool:
        return name in self.departments

    def department_of(self, name: str) -> str | None:
        """The department a person belongs to, or the name itself if a department."""
        if name in self.departments:
            return name
        p = self.people.get(name)
        return p.department if p else None

    def suggest(self, name: str, people: bool = True, departments: bool = True) -> str | None:
        pool: list[str] = []
        if people:
            pool += list(self.people)
        if departments:
            pool += list(self.departments)
        close = difflib.get_close_matches(name, pool, n=1, cutoff=0.5)
        return close[0] if close else None

    @property
    def escalation_working_days(self) -> int:
        return escalation_threshold(self.settings)
