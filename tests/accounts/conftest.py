# The project's test settings (MD5 hasher, immediate tasks, locmem cache, plain static files)
# live in comptoir/conftest.py, whose fixtures only reach tests under comptoir/.
from comptoir.conftest import _test_settings  # noqa: F401
