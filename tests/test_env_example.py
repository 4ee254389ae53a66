"""`.env.example` documents every variable the code reads, each with a comment above it."""

import re

from cms.settings.env import BASE_DIR

READERS = re.compile(
    r"""(?:env\.(?:str|bool|int|float|list|path|db_url|url|json|get_value)"""
    r"""|require(?:_url)?|optional_url|typed|os\.environ\.get)\(\s*["']([A-Z][A-Z0-9_]+)["']"""
)
# Read by libraries or the process manager rather than by our env reader.
LIBRARY_VARIABLES = {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}
# Set by tools for a single run, not by a deployment.
RUN_ONLY = {
    "PYTEST_XDIST_WORKER",
    "DJANGO_READ_DOT_ENV",
    "CHROMIUM_PATH",
    "CI",
    "REDIS_URL_TEST",
    "TEST_AI_PROVIDER",
}


def variables_read_by_the_code() -> set[str]:
    names: set[str] = set()
    for folder in ("cms", "site_apps"):
        for path in (BASE_DIR / folder).rglob("*.py"):
            names |= set(READERS.findall(path.read_text()))
    return names - RUN_ONLY


def documented() -> dict[str, bool]:
    """Each variable in .env.example, and whether a comment heads the group of lines it is in."""
    assignment = re.compile(r"^#?\s?([A-Z][A-Z0-9_]+)=")
    lines = (BASE_DIR / ".env.example").read_text().splitlines()
    found: dict[str, bool] = {}
    for i, line in enumerate(lines):
        if match := assignment.match(line):
            j = i - 1
            while j >= 0 and assignment.match(lines[j]):
                j -= 1
            found.setdefault(match.group(1), j >= 0 and lines[j].startswith("# "))
    return found


def test_every_variable_the_code_reads_is_in_env_example():
    missing = (variables_read_by_the_code() | LIBRARY_VARIABLES) - documented().keys()
    assert not missing, f"add these to .env.example with a comment: {sorted(missing)}"


def test_every_variable_in_env_example_has_a_comment():
    uncommented = [name for name, commented in documented().items() if not commented]
    assert not uncommented, uncommented
