"""The registry of departments and people (`records/org.yml`), as the model sees it.

An owner must be a person or a department named here; `checks/registry.py` reads and
validates the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from minutebook.model.policy import escalation_threshold

REGISTRY_PATH = "records/org.yml"


@dataclass
class Department:
    name: str
    lead: str
    contacts: list[str]


@dataclass(frozen=True)
class PersonField:
    """A key a person may have in `records/org.yml` (the field reference lists them)."""
    name: str
    label: str  # 中文
    required: bool
    expect: str  # what a valid value looks like
    doc: str


PERSON_FIELDS = (
    PersonField("department", "部门", True, "a department of `departments`", "The department the person belongs to."),
    PersonField("email", "邮箱", True, "an e-mail address", "Work e-mail; CODEOWNERS falls back to it."),
    PersonField("handle", "代码平台账号", False, "a user name: letters, digits, `-`, `_`, `.` (a leading `@` is "
                "dropped)", "Account on the code host (GitHub/GitLab), for CODEOWNERS."),
    PersonField("feishu_id", "飞书 open_id", False, "`ou_` followed by letters and digits",
                "Feishu/Lark open_id: `minutebook notify --flavor feishu` @-mentions the person with it."),
    PersonField("dingtalk_id", "钉钉 userId", False, "letters, digits, `-`, `_`, `.` (at most 64)",
                "DingTalk userId: `minutebook notify --flavor dingtalk` @-mentions the person with it."),
    PersonField("wecom_id", "企业微信 userid", False, "letters, digits, `-`, `_`, `.`, `@`; first a letter or "
                "digit (at most 64)", "WeCom userid: `minutebook notify --flavor wecom` @-mentions the person with it."),
    PersonField("mobile", "手机号", False, "a mainland mobile number: 11 digits starting with 1, optionally `+86`",
                "DingTalk @-mentions by mobile number when the person has no `dingtalk_id`."),
)


@dataclass
class Person:
    name: str
    department: str
    email: str
    handle: str = ""  # optional account on the code host (GitHub/GitLab user), for CODEOWNERS
    feishu_id: str = ""  # Feishu/Lark open_id (ou_…), for @-mentions in team-chat digests
    dingtalk_id: str = ""  # DingTalk userId
    wecom_id: str = ""  # WeCom userid
    mobile: str = ""  # 11 digits, without +86 (DingTalk mentions by mobile when there is no dingtalk_id)


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
        import difflib  # lazy: only a name not in the registry needs it

        close = difflib.get_close_matches(name, pool, n=1, cutoff=0.5)
        return close[0] if close else None

    @property
    def escalation_working_days(self) -> int:
        return escalation_threshold(self.settings)
