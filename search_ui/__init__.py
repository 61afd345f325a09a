"""search_ui: the research web app, its JSON API and dataset exports.

Run it with ``huanjie serve`` (or ``huanjie demo`` for the whole job on the
bundled demo site); it binds to 127.0.0.1:8000 unless told otherwise.

Pages (each has a ``.json`` twin taking the same parameters, like Datasette):

- ``/search`` — the query language (words, "phrases", AND/OR/NOT, ``region:``,
  ``outlet:``, ``date:``, ``metric:KEY>=N``), facets (province, city, county,
  year, outlet, metric), reports per month (copies counted once), highlighted
  snippets with figure chips, sorting and pages.  The URL holds the whole state.
- ``/doc/{id}`` — the report as published and its normalised text side by side,
  every figure marked at its offsets, with source URL, capture time, WARC
  record, syndicated copies and extraction flags.
- ``/compare`` — metrics × region level → a region × election-round table
  (value, as-of date, number of independent sources, conflicts flagged), a bar
  chart and a dot map of China; every cell links to ``/compare/cell``, the
  sentences behind it.
- ``/export/{documents|figures|metrics}.{csv|jsonl|parquet}`` — the current
  query streamed as a file; ``/export/bundle.zip`` adds the Frictionless
  ``datapackage.json`` codebook, ``manifest.json`` and ``CITATION.cff``.
- ``/api`` and ``/openapi.json`` — the API described.

Modules: ``app`` (wiring, security headers, error pages), ``views/*`` (one
router per page), ``data`` (the one door to store and index), ``params``
(URL validation), ``compare`` (region tables), ``charts`` (SVG geometry),
``exports`` (data files and their codebook, manifest and citation), ``i18n``
(interface words; metric labels come from ``huanjie.codebook``).

Nothing is loaded from the internet: CSS, the one small script and the
charts and map (server-rendered SVG) come with the package, and a strict
Content-Security-Policy forbids inline script.  Text from crawled pages is
only ever printed escaped.
"""
