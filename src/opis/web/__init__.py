"""The web layer: the reading room, the editing room and the staff pages, with the open JSON API, over
one archive store. ``app.create_app`` wires the rooms (``reading``, ``editing``, ``staff``), which share
``core``."""
