"""The Dockerfile read as data, so tests run exactly the commands the image runs."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache

from cms.settings.env import BASE_DIR


@dataclass(frozen=True)
class Dockerfile:
    text: str

    @classmethod
    @cache
    def read(cls) -> Dockerfile:
        return cls((BASE_DIR / "Dockerfile").read_text())

    def instruction(self, name: str) -> list[str]:
        """The JSON (exec) form of the last NAME instruction, e.g. ENTRYPOINT or CMD."""
        found = re.findall(rf"^{name} .*?(\[.*?\])$", self.text, re.MULTILINE | re.DOTALL)
        assert found, f"the Dockerfile has a JSON-form {name}"
        return json.loads(found[-1])

    @property
    def entrypoint(self) -> list[str]:
        return self.instruction("ENTRYPOINT")

    @property
    def cmd(self) -> list[str]:
        return self.instruction("CMD")

    @property
    def healthcheck(self) -> list[str]:
        return self.instruction("HEALTHCHECK")

    @property
    def stages(self) -> list[str]:
        return re.findall(r"^FROM \S+ AS (\w+)$", self.text, re.MULTILINE)

    @property
    def final_stage(self) -> str:
        return self.text[self.text.rindex("\nFROM ") :]

    def copied_sources(self) -> list[str]:
        """Paths COPY takes from the build context (not from another stage)."""
        sources = []
        for line in re.findall(r"^COPY (?!--from)(.+) \S+$", self.text, re.MULTILINE):
            sources += [word for word in line.split() if not word.startswith("--")]
        return sources
