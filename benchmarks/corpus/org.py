"""The synthetic registry, records/org.yml: 12 departments, 80 people with Chinese names."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from minutebook.model.policy import ESCALATION_WORKING_DAYS

from .. import phrases


@dataclass
class Org:
    people: dict[str, tuple[str, str]] = field(default_factory=dict)  # name -> (department, e-mail)
    members: dict[str, list[str]] = field(default_factory=dict)  # department -> people, lead first

    def lead(self, dept: str) -> str:
        return self.members[dept][0]

    def contact(self, dept: str) -> str:
        return self.members[dept][1]

    def yaml(self) -> str:
        out = ["# Registry of departments and people (synthetic, for the benchmarks).",
               "settings:", "  calendar:", "    country: CN", f"  escalation_working_days: {ESCALATION_WORKING_DAYS}",
               "", "departments:"]
        for dept, people in self.members.items():
            contacts = people[1:3] if len(people) > 3 else people[1:2]
            out += [f"  {dept}:", f"    lead: {people[0]}", f"    contacts: [{', '.join(contacts)}]"]
        out += ["", "people:"]
        for name, (dept, email) in self.people.items():
            out.append(f"  {name}: {{department: {dept}, email: {email}}}")
        return "\n".join(out) + "\n"


def make_org(rng: random.Random) -> Org:
    org = Org()
    emails: set[str] = set()
    for dept, size in phrases.DEPARTMENTS.items():
        org.members[dept] = []
        while len(org.members[dept]) < size:
            surname, s_py = rng.choice(phrases.SURNAMES)
            given = rng.sample(phrases.GIVEN, rng.choice((1, 2, 2)))
            name = surname + "".join(g for g, _ in given)
            if name in org.people:
                continue
            email = f"{''.join(p for _, p in given)}.{s_py}"
            k = 2
            while email in emails:
                email, k = f"{''.join(p for _, p in given)}.{s_py}{k}", k + 1
            emails.add(email)
            org.people[name] = (dept, f"{email}@example.com")
            org.members[dept].append(name)
    return org
