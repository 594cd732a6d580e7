"""The browser tests: a package, so that its conftest is ``browser.conftest`` and does not
shadow tests/conftest.py for modules that import from ``conftest``."""
