"""huanjie (换届): news coverage of China's village and community "two committees" elections, as data.

Packages:
- ``extract``   — text and HTML → normalised article → figures, regions, dates (the ``huanjie extract`` contract)
- ``crawlers``  — Scrapy spiders driven by per-site YAML, raw captures to WARC
- ``corpus``    — the SQLite store of record: captures, documents, versions, duplicates, figures
- ``index``     — search backends behind one interface (embedded tantivy, Elasticsearch)
- ``search_ui`` — the research web app and JSON API
- ``huanjie``   — the CLI, the metric codebook, configuration, the demo
"""
__version__ = "0.1.0"
