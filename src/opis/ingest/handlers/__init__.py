"""The built-in format handlers, one module each. Each module registers its handler in
``opis.ingest.base.HANDLERS`` when ``opis.plugins.load_plugins()`` imports it, the way a
plug-in module registers its own (``opis.plugins.BUILTIN_PLUGINS`` lists them)."""
