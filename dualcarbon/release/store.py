"""Read published releases: the only data the public dashboard and the PDF report may see.

Nothing here opens the warehouse or a candidate. A release is a folder
``releases/<release_id>/`` holding Parquet tables and a ``manifest.json`` of ``kind: release``
(docs/design/releases.md); anything else in ``releases/`` is ignored. A folder counts as
published only when the workspace's audit log holds its publication entry with the
manifest's hash (the first entry for that id: ids are never reused), so a folder dropped into
``releases/`` by hand is never shown. ``published_heads`` gives the chain heads readers keep
(``dualcarbon/release/anchor.py``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path

import polars as pl

from dualcarbon import audit
from dualcarbon.files import sha256_of

RELEASE_PREFIX = "JS-"


def release_id(period: str, version: int) -> str:
    return f"{RELEASE_PREFIX}{period}-v{version}"


@dataclass(frozen=True)
class Release:
    release_id: str
    period: str
    version: int
    published_at: datetime
    manifest: dict
    path: Path
    superseded_by: str | None = field(default=None, compare=False)

    @property
    def is_current(self) -> bool:
        return self.superseded_by is None

    @property
    def revision(self) -> dict | None:
        return self.manifest.get("revision")

    @property
    def tables(self) -> list[str]:
        return list(self.manifest.get("tables", []))

    def table(self, name: str) -> pl.DataFrame:
        """One published table, read from the release's Parquet file."""
        if name not in self.tables:
            raise KeyError(f"{self.release_id} has no table {name!r}")
        return pl.read_parquet(self.path / f"{name}.parquet")

    def observation_status(self) -> pl.DataFrame:
        """Flags of values that are not plain observations: E estimated, R revised
        (``dualcarbon/release/status.py``); a value with no row is normal."""
        path = self.path / "observation_status.parquet"
        return pl.read_parquet(path) if path.exists() else pl.DataFrame()

    @cached_property
    def indicators(self) -> list[dict]:
        """Per-indicator metadata (definition, unit, method, sources, caveats, contact)."""
        path = self.path / "indicators.json"
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else []

    def stamp(self, lang: str = "zh") -> str:
        """The source line printed on every chart, file and page (practice 17)."""
        if lang == "zh":
            return f"数据来源：江苏省发展和改革委员会，发布版本 {self.release_id}"
        return f"Source: Jiangsu DRC, release {self.release_id}"


def _read_manifest(folder: Path) -> dict | None:
    path = folder / "manifest.json"
    if folder.name.startswith((".", "candidates")) or not path.is_file():
        return None
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if manifest.get("kind") == "release" else None


def publication_entries(releases_dir: Path) -> dict[str, dict]:
    """Release id -> its first publication entry in the audit log of the workspace that
    holds ``releases_dir``."""
    first: dict[str, dict] = {}
    for entry in audit.find(releases_dir.parent, action="publish"):
        first.setdefault(entry["details"].get("release_id"), entry)
    return first


def _published(folder: Path, manifest: dict, entries: dict[str, dict]) -> bool:
    entry = entries.get(manifest.get("release_id"))
    return (
        entry is not None
        and folder.name == manifest.get("release_id")
        and entry["details"].get("manifest_sha256") == sha256_of(folder / "manifest.json")
    )


def list_releases(releases_dir: Path, *, published_only: bool = True) -> list[Release]:
    """Every published release, oldest publication first, with ``superseded_by`` filled in.

    ``published_only=False`` also lists release folders with no (matching) publication entry:
    for the workflow, which finishes a publication interrupted before its entry, and verify."""
    if not releases_dir.is_dir():
        return []
    entries = publication_entries(releases_dir) if published_only else {}
    found: list[Release] = []
    for folder in releases_dir.iterdir():
        manifest = _read_manifest(folder) if folder.is_dir() else None
        if manifest is None:
            continue
        if published_only and not _published(folder, manifest, entries):
            continue
        found.append(
            Release(
                release_id=manifest["release_id"],
                period=str(manifest["period"]),
                version=int(manifest["version"]),
                published_at=datetime.fromisoformat(manifest["published_at"]),
                manifest=manifest,
                path=folder,
            )
        )
    successor = {
        r.revision["supersedes"]: r.release_id
        for r in found
        if r.revision and r.revision.get("supersedes")
    }
    releases = [
        Release(**{**r.__dict__, "superseded_by": successor.get(r.release_id)}) for r in found
    ]
    return sorted(releases, key=lambda r: (r.published_at, r.period, r.version))


def get_release(releases_dir: Path, release_id_: str, *, published_only: bool = True) -> Release:
    for release in list_releases(releases_dir, published_only=published_only):
        if release.release_id == release_id_:
            return release
    raise KeyError(f"no published release {release_id_!r} in {releases_dir}")


def current_releases(releases: list[Release], as_of: datetime | None = None) -> list[Release]:
    """Per period, the newest release published at or before ``as_of`` (default: now)."""
    latest: dict[str, Release] = {}
    for release in releases:  # oldest first, so a later one replaces an earlier one
        if as_of is None or release.published_at <= as_of:
            latest[release.period] = release
    return sorted(latest.values(), key=lambda r: r.period)


def series(releases: list[Release], table: str, as_of: datetime | None = None) -> pl.DataFrame:
    """One table across periods from the releases current at ``as_of``, each row naming its
    release in ``release_id``."""
    frames = [
        r.table(table).with_columns(pl.lit(r.release_id).alias("release_id"))
        for r in current_releases(releases, as_of)
        if table in r.tables
    ]
    return pl.concat(frames, how="diagonal_relaxed") if frames else pl.DataFrame()


def previous_release(releases: list[Release], release: Release) -> Release | None:
    """The release this one superseded (a correction or revision), if any."""
    supersedes = (release.revision or {}).get("supersedes")
    return next((r for r in releases if r.release_id == supersedes), None)


def published_heads(releases_dir: Path) -> list[dict]:
    """The audit-chain heads of every publication, oldest first, as readers keep them: one
    dict per release with ``release_id``, ``manifest_sha256``, ``audit_seq``, ``audit_hash``
    and ``published_at``. The public site and the PDF show them; the file itself
    (``releases/heads.jsonl``) is what a reader saves for ``dualcarbon verify --against``."""
    from dualcarbon.release.anchor import heads_path, read_lines

    return [line for line in read_lines(heads_path(releases_dir)) if "_unreadable" not in line]
