"""extract — from a report as published to citable records.

Stages (each a plain function; the text stages also run as named spaCy
components, see ``extract.components``):

1. **decode** bytes → str (``extract.encoding.decode_bytes``; HTML pages first go
   through ``extract.html.extract_html`` for the main text and metadata, WARC
   files through ``extract.warc.iter_warc_documents``);
2. **normalise** (``extract.normalise.normalise``): simplified script, pinyin
   annotations and page furniture removed, with an exact offset map back;
3. **header**: title, outlet, author of plain-text reports
   (``extract.components.find_header``), publication date (``extract.dates``);
4. **region** of the report (``extract.regions``, over ``extract.gazetteer``);
5. **figures**: the number grammar (``extract.numbers``, ``extract.figures``),
   subjects and codebook metrics (``extract.metrics``), one figure per fact
   (``extract.figure_dedupe``).

Public functions:

* ``extract.pipeline.extract_text(body, *, source, title=None, published=None,
  outlet=None, author=None) -> Document`` — the whole text pipeline;
* ``extract.pipeline.nlp()`` — the shared spaCy pipeline, for adding components;
* ``extract.files.extract_path(path) -> Iterator[Document]`` — any supported
  file, never raising (failures are ``Document.error``);
* ``extract.figures.find_figures(text) -> list[Hit]`` — the grammar alone;
* ``extract.version.EXTRACTOR_VERSION`` — stored with every extraction.

Records are the contract types of ``extract.records`` (``Document``, ``Figure``,
``Region``); ``huanjie extract`` prints ``Document.to_json()`` as JSON Lines.
"""

from extract.compiled import use_fresh_modules as _use_fresh_modules

_use_fresh_modules()  # before any compiled module is imported (see extract.compiled)
