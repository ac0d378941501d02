"""The outputs layer: site pages, feeds, the banner and e-mails, each made from a library and a date."""
