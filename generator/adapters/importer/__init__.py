"""Importing an existing notice (Markdown, HTML or Word), with its history, into the prose model.

The entry points are `command.import_notice` (the Python API) and `cli.import_command`; nothing is
imported here, so that registering the command does not load the converters.
"""
