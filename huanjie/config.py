"""Where huanjie keeps its data, and how to reach optional services.

One place for paths and settings so every verb agrees.  Everything can be set
by environment variable; nothing needs a config file for the default run.

- ``HUANJIE_HOME``      data folder (default ``./huanjie-data``): store, index, WARCs, exports
- ``HUANJIE_ES_URL``    Elasticsearch/OpenSearch URL; enables ``--backend es``
- ``HUANJIE_ES_INDEX``  index (alias) name on the cluster (default ``huanjie``)
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    home: Path
    es_url: str | None
    es_index: str

    @property
    def store_path(self) -> Path:
        return self.home / "corpus.sqlite"

    @property
    def index_path(self) -> Path:
        return self.home / "index"

    @property
    def warc_dir(self) -> Path:
        return self.home / "warc"

    @property
    def crawl_state_dir(self) -> Path:
        return self.home / "crawl-state"

    @property
    def export_dir(self) -> Path:
        return self.home / "exports"


def settings(home: str | os.PathLike | None = None) -> Settings:
    """Settings from the environment; ``home`` (e.g. a ``--home`` option) wins over ``HUANJIE_HOME``."""
    base = Path(home or os.environ.get("HUANJIE_HOME") or "huanjie-data").expanduser()
    return Settings(
        home=base,
        es_url=os.environ.get("HUANJIE_ES_URL") or None,
        es_index=os.environ.get("HUANJIE_ES_INDEX") or "huanjie",
    )
