"""The store: the system of record. The only layer that reads or writes records, and the only
place that decides who may see one (``access.visible``)."""
