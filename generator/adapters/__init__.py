"""The adapters layer: the MkDocs plugin, the site build and the `notices` command, thin over the rest."""
