"""What every room of the web layer shares: the ``Site`` each router gets, who is asking (auth),
the one error shape, answering HTML or its JSON twin (respond), query parameters, rendering,
labels, timing and the SVG charts. Nothing here registers a route."""
