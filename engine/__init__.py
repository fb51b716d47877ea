"""The engine: loading, checking and computing rules. It never prints; the commands render."""
