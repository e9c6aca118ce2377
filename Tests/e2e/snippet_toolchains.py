"""Running snippet toolchains (compilers, interpreters) as the snippet tests need them."""
import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from snippet_triggers import INSTALL_HINT


def tool(name: str) -> str:
    """The path of a toolchain command; fails (never skips) when it is missing."""
    path = shutil.which(name)
    if not path:
        pytest.fail(f"`{name}` is not on PATH; the snippet tests need it ({INSTALL_HINT})", pytrace=False)
    return path


def child_env(key: str | None = None) -> dict:
    """The environment snippets and compilers run in: no proxies (everything is on 127.0.0.1), no FLINT_*
    variables of ours, and FLINT_INGESTION_KEY when `key` is given."""
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy") and not k.startswith("FLINT_")}
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
    if key is not None:
        env["FLINT_INGESTION_KEY"] = key
    return env


def excerpt(snippet: str, output: str, file_name: str, context: int = 2, limit: int = 6) -> str:
    """The snippet's lines that compiler or runtime output points at (`x.swift:12:5`, `x.cs(12,5)`,
    `x.kt:12:5`, `File "x.py", line 12`, `x.sh: line 12`), with `context` lines around each."""
    lines = snippet.splitlines()
    pattern = re.compile(re.escape(file_name) + r'(?:"?, line |: line |:|\()(\d+)')
    wanted = []
    for match in pattern.finditer(output):
        number = int(match.group(1))
        if 1 <= number <= len(lines) and number not in wanted:
            wanted.append(number)
    if not wanted:
        return "(the output names no line of the snippet)"
    parts = []
    for number in wanted[:limit]:
        start, end = max(1, number - context), min(len(lines), number + context)
        parts.append("\n".join(f"{'>' if n == number else ' '}{n:5} | {lines[n - 1]}" for n in range(start, end + 1)))
    return f"--- {file_name} excerpt ---\n" + "\n   ...\n".join(parts)


def shown(text: str, characters: int = 4000) -> str:
    text = text.strip()
    return text if len(text) <= characters else "…" + text[-characters:]


@dataclass
class Step:
    """One compile or run of a snippet."""
    command: list
    returncode: int | None = None
    stdout: str = ""
    stderr: str = ""
    seconds: float = 0.0
    problem: str | None = None  # a missing tool or a timeout

    def report(self) -> str:
        return (f"$ {' '.join(self.command)}\n(exit {self.returncode}, {self.seconds:.1f} s)\n"
                f"--- stdout ---\n{shown(self.stdout)}\n--- stderr ---\n{shown(self.stderr)}")


def execute(command: list, cwd: Path, env: dict, timeout: float) -> Step:
    step = Step(command=[str(part) for part in command])
    if not shutil.which(step.command[0]) and not Path(cwd, step.command[0]).exists():
        step.problem = f"`{step.command[0]}` is not on PATH ({INSTALL_HINT})"
        return step
    started = time.monotonic()
    try:
        done = subprocess.run(step.command, cwd=cwd, env=env, capture_output=True, timeout=timeout,
                              stdin=subprocess.DEVNULL)
        step.returncode = done.returncode
        step.stdout = done.stdout.decode("utf-8", "replace")
        step.stderr = done.stderr.decode("utf-8", "replace")
    except subprocess.TimeoutExpired as error:
        step.problem = f"timed out after {timeout} s"
        step.stdout = (error.stdout or b"").decode("utf-8", "replace")
        step.stderr = (error.stderr or b"").decode("utf-8", "replace")
    step.seconds = time.monotonic() - started
    return step


def compile_command(language: str, stem: str) -> list:
    return {
        "swift": ["swiftc", f"{stem}.swift", "-o", stem],
        "csharp": ["mcs", "-warnaserror", "-r:System.Net.Http", f"{stem}.cs", f"-out:{stem}.exe"],
        "kotlin": ["kotlinc", f"{stem}.kt", "-include-runtime", "-d", f"{stem}.jar"],
    }[language]


def run_command(language: str, stem: str) -> list:
    return {
        "python": ["python3", f"{stem}.py"],
        "curl": ["bash", f"{stem}.sh"],
        "swift": [f"./{stem}"],
        "csharp": ["mono", f"{stem}.exe"],
        "kotlin": ["java", "-jar", f"{stem}.jar"],
    }[language]


def run_tools(language: str) -> list:
    """Every command the language needs, so a missing one fails before anything runs."""
    return {
        "python": ["python3"], "curl": ["bash", "curl"], "swift": ["swiftc"], "csharp": ["mcs", "mono"],
        "kotlin": ["kotlinc", "java"], "javascript": ["chromium", "chromedriver"],
    }[language]
