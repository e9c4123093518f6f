"""The catalogue's forms: ``catalogue`` (the search and filter form of the public catalogue)
and ``teaching`` (course, run, result and upload forms of teachers and coordinators). Forms
parse and present; the services validate again and write."""
