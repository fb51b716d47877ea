"""klynge serve: the local page over a rules directory (an optional extra: pip install 'klynge[serve]')."""
