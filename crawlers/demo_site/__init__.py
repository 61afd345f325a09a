"""A demo news site and a generator of synthetic genre reports, both with known facts.

Why it exists: crawler, extractor, index and UI tests need Chinese pages of the
real genre (county/city/province/township reports on 村(社区)“两委”换届) with
every figure known in advance, and real reports cannot be committed (copyright).

- ``genre``      ``generate_articles(n, seed)`` / ``generate_offtopic(n, seed)``:
                 deterministic synthetic reports with gold figures (DESIGN.md rules),
                 fast enough for 1M-document benchmarks.
- ``places``     the hand-picked table of real places (GB/T 2260 codes) they are about.
- ``build_site`` writes the static site into ``site/`` (committed; rebuilding is
                 byte-identical): a GBK TRS-style government portal, a UTF-8 county
                 media centre, a traditional-character mirror with pinyin annotations,
                 syndicated copies, off-topic pages, robots.txt, sitemap.xml, RSS.
- ``facts``      ``load_facts()``: per page, what a perfect crawl + extraction finds.
- ``server``     ``DemoSite``: a threaded stdlib HTTP server for the site, with the
                 awkward endpoints (slow, never-ending, 500, redirect loop) and a
                 request log.  ``python -m crawlers.demo_site.server --port 8001``.
"""
