"""Privacy notices as code: structured YAML in; a versioned website, redlines and change notices out.

The package is layered, and every import points down the data path (a test checks it):

- `source`: the YAML files, their schema (`model`), reading, validation, located problems, lock files.
- `library`: the loaded project (`Library`, `Notice`, `NoticeVersion`) and the rules every output
  shares: the version in force, the previous version, the notice period, the announcement day,
  publication.
- `analyses`: what the tool works out from a library: redlines, change classification and
  policy, compliance checks. No page or template code.
- `outputs`: what the public and the legal team read: site pages, feeds, the banner, e-mails.
- `adapters`: the MkDocs plugin, the site build and the `notices` command, thin over the rest.

Start with `generator.library.loader.load_library` and `generator.outputs.site.render_pages`.
"""
