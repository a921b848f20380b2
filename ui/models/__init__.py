"""Qt item models: thin adapters over pfdesk objects (data() reads a cache, setData() pushes an edit)."""
