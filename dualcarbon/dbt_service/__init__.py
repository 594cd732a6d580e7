"""A warm dbt: one long-lived process keeps dbt imported and the project parsed.

Every ``dbt`` command used to pay about 5.5 s before its first node on a 2-core machine:
4 s of imports (dbt generates its serialisation code at import), the partial parse, and
writing ``manifest.json``; dagster-dbt added a ``dbt --version`` subprocess (another dbt
start-up) and an in-process adapter handle (3 s) to every run. For a statistician whose
department resubmitted one year, that fixed cost was most of the run.

The service (``server.py``) imports dbt once, parses the project once (again only when a
project file, or an environment variable the parse read, changes) and forks one child per
command: the child runs ``dbtRunner(manifest=...)`` with the caller's arguments,
environment, working folder, stdout and stderr, so it behaves as the ``dbt`` command would,
and no two commands share dbt's global state. The client (``client.py``, installed as the
``dualcarbon-dbt`` command) is what dagster-dbt runs as its dbt executable; it starts the
service when none answers, and runs the real ``dbt`` when the service cannot be used.

``address.py`` says where a service lives; nothing here imports dbt.
"""
