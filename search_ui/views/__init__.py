"""Page modules: one router per page family (search, document, compare, export, api)."""
