"""The source layer: the YAML files, their schema, reading and validation, located problems, lock files."""
