"""The one plug-in path, tested with a real installed distribution.

Each test that needs a plug-in writes a tiny distribution into a temporary folder: a module and a
``*.dist-info`` whose ``entry_points.txt`` names it in the ``opis.plugins`` group, exactly what
``pip install`` leaves in site-packages. The folder goes on ``PYTHONPATH`` of the real ``opis``
command, so the server, the CLI and the sandboxed parser each find it the way a user's would.
The plug-in reads a format no built-in reads (lines written backwards), extracts a key no
built-in has, and exports a format no built-in writes, so each assertion can only pass if that
process loaded it.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from opis.plugins import Registry, RegistryError

PLUGIN_SOURCE = '''
"""A plug-in made by tests/test_plugins.py: one format handler, one extractor, one exporter."""
import re

from opis.extract.base import extractor
from opis.ingest.base import HANDLERS, Page, ParsedFile
from opis.interop.registry import EXPORTERS, Exporter

MAGIC = b"%MIRROR\\n"


class MirrorHandler:
    """Files whose lines are written backwards."""

    name = "mirror"

    def score(self, head, filename):
        return 0.9 if head.startswith(MAGIC) else 0.0

    def parse(self, path, options):
        lines = path.read_bytes()[len(MAGIC):].decode("utf-8").splitlines()
        text = "\\n".join(line[::-1] for line in lines)
        return ParsedFile(media_type="text/x-mirror", handler="mirror", filename=path.name,
                          pages=[Page(1, text)], title=text.splitlines()[0], language="en")


HANDLERS.register("mirror")(MirrorHandler())


@extractor("shouted")
def shouted(ctx):
    return [{"text": m.group(), "start": m.start()} for m in re.finditer(r"\\b[A-Z]{4,}\\b", ctx.text)]


EXPORTERS.register("titles")(Exporter("titles", "Titles only", "text/plain; charset=utf-8", "titles",
                                      lambda doc, ctx: "TITLE: " + doc.title, separator="\\n"))
'''

TITLE = "Cipher TELEGRAM from Pyongyang"
MIRRORED = b"%MIRROR\n" + "\n".join(line[::-1] for line in (TITLE, "Shtykov reports the ARRIVAL of grain.")).encode()


def make_distribution(root: Path, module: str, source: str, entry: str = "mirror") -> Path:
    """A module and its installed metadata under ``root``, as pip would leave them."""
    root.mkdir(parents=True, exist_ok=True)
    (root / f"{module}.py").write_text(source, encoding="utf-8")
    info = root / f"{module}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {module}\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(f"[opis.plugins]\n{entry} = {module}\n", encoding="utf-8")
    return root


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_distribution(tmp_path / "site", "opis_mirror_plugin", PLUGIN_SOURCE)


def opis_command() -> list[str]:
    script = Path(sys.executable).with_name("opis")
    return [str(script)] if script.exists() else [sys.executable, "-m", "opis"]


def env_with(site: Path | None) -> dict[str, str]:
    paths = ([str(site)] if site else []) + [p for p in sys.path if p]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths), "OPIS_LOAD_SAMPLE": "false"}


def run_opis(args: list[str], site: Path | None, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*opis_command(), *args], capture_output=True, text=True, env=env_with(site),
                          cwd=cwd, timeout=300)


def test_registry_keys_are_unique_and_lookups_name_what_is_known() -> None:
    registry: Registry[int] = Registry("widget")
    registry.register("a")(1)
    with pytest.raises(RegistryError, match="'a' is registered already"):
        registry.register("a")(2)
    with pytest.raises(RegistryError, match="no widget named 'b'; known: a"):
        registry.get("b")


def test_opis_extract_uses_a_plugins_handler_in_the_sandbox_and_its_extractor(site: Path, tmp_path: Path) -> None:
    letter = tmp_path / "letter.txt"
    letter.write_bytes(MIRRORED)
    done = run_opis(["extract", str(letter), "--json", "--data-dir", str(tmp_path / "none")], site, tmp_path)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    # TELEGRAM (not MARGELET) only if the sandboxed parser read the file with the plug-in's handler;
    # the key only if the CLI ran the plug-in's extractor.
    assert [f["text"] for f in found["shouted"]] == ["TELEGRAM", "ARRIVAL"]
    without = run_opis(["extract", str(letter), "--json", "--data-dir", str(tmp_path / "none")], None, tmp_path)
    assert without.returncode == 0 and "shouted" not in json.loads(without.stdout)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_serving(url: str, server: subprocess.Popen[str], deadline_s: float = 120) -> None:
    start = time.monotonic()
    while time.monotonic() - start < deadline_s:
        if server.poll() is not None:
            raise AssertionError(f"opis serve exited: {server.communicate()[1]}")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"opis serve did not answer {url} within {deadline_s} s")


def test_a_plugins_exporter_serves_search_results_from_files_its_handler_ingested(
        site: Path, tmp_path: Path) -> None:
    letter = tmp_path / "letter.txt"
    letter.write_bytes(MIRRORED)
    data = tmp_path / "data"
    ingested = run_opis(["ingest", str(letter), "--json", "--data-dir", str(data)], site, tmp_path)
    assert ingested.returncode == 0, ingested.stderr
    assert [f["status"] for f in json.loads(ingested.stdout)["files"]] == ["ingested"]
    port = free_port()
    server = subprocess.Popen([*opis_command(), "serve", "--data-dir", str(data), "--port", str(port),
                               "--no-sample"], env=env_with(site), cwd=tmp_path, text=True,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_serving(base + "/api/documents", server)
        with urllib.request.urlopen(base + "/search.titles?q=telegram", timeout=60) as response:
            body = response.read().decode()
            media_type = response.headers["Content-Type"]
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert media_type.startswith("text/plain") and body == f"TITLE: {TITLE}"


def test_opis_plugins_lists_an_installed_plugin_and_a_broken_one_is_one_line(site: Path, tmp_path: Path) -> None:
    listed = run_opis(["plugins", "--json"], site, tmp_path)
    assert listed.returncode == 0, listed.stderr
    found = json.loads(listed.stdout)
    assert {"name": "mirror", "module": "opis_mirror_plugin", "builtin": False} in found["plugins"]
    assert {"mirror", "text", "pdf"} <= set(found["handlers"]) and "shouted" in found["extractors"]
    broken = make_distribution(tmp_path / "broken", "opis_broken_plugin", "raise ImportError('needs lxml 9')\n",
                               entry="broken")
    failed = run_opis(["plugins"], broken, tmp_path)
    assert failed.returncode == 1
    assert failed.stderr.strip().splitlines() == [
        "error: plug-in 'broken' (module opis_broken_plugin) failed to load: ImportError: needs lxml 9"]


DOCS = Path(__file__).resolve().parents[1] / "docs" / "plugins.md"


def documented_keys(section: str) -> set[str]:
    """The first-column keys of the table under the ``## <section>`` heading of docs/plugins.md."""
    text = DOCS.read_text(encoding="utf-8")
    match = re.search(rf"^## {section}\b.*?(?=^## |\Z)", text, flags=re.M | re.S)
    assert match, f"docs/plugins.md has no '## {section}' section"
    return set(re.findall(r"^\| `([^`]+)` \|", match.group(), flags=re.M))


def test_every_registered_key_is_documented(tmp_path: Path) -> None:
    """A built-in handler, extractor or exporter nobody wrote down fails here (listed in a fresh
    process, so parts registered by other tests do not count)."""
    listed = run_opis(["plugins", "--json"], None, tmp_path)
    assert listed.returncode == 0, listed.stderr
    found = json.loads(listed.stdout)
    assert not [p for p in found["plugins"] if not p["builtin"]], "an installed plug-in would be checked too"
    for registry, section in (("handlers", "Format handlers"), ("extractors", "Extractors"),
                              ("exporters", "Exporters")):
        documented = documented_keys(section)
        missing, stale = set(found[registry]) - documented, documented - set(found[registry])
        assert not missing, f"docs/plugins.md, '{section}': undocumented {registry} {sorted(missing)}"
        assert not stale, f"docs/plugins.md, '{section}': rows for no registered {registry} {sorted(stale)}"


THREADS_READ_A_REGISTRY = """
import threading
from opis.ingest.base import HANDLERS
from opis.plugins import BUILTIN_PLUGINS
seen = []
threads = [threading.Thread(target=lambda: seen.append(len(list(HANDLERS)))) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(seen)
"""


def test_threads_reading_a_registry_at_once_all_see_it_whole() -> None:
    """The first reader loads the plug-ins; the others wait for it instead of seeing it half-filled
    (the ingest batch's first files choose their handlers from several threads at once)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    out = subprocess.run([sys.executable, "-c", THREADS_READ_A_REGISTRY], env=env, capture_output=True,
                         text=True, check=True, timeout=120).stdout
    counts = json.loads(out)
    assert len(counts) == 4 and len(set(counts)) == 1 and counts[0] >= 8  # the eight built-in handlers
