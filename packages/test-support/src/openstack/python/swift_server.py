"""Runs one Swift server with its swift.conf read from SWIFT_DIR, not /etc/swift.

Swift reads swift.conf (hash path prefix, storage policies) from a fixed path; a test's Swift
keeps its own so the machine's /etc is never touched.
Usage: swift_server.py SWIFT_DIR SERVER_NAME CONF_FILE
"""
import os
import sys

from swift.common import utils

utils.SWIFT_CONF_FILE = os.path.join(sys.argv[1], "swift.conf")

from swift.common.wsgi import run_wsgi  # noqa: E402  (after the conf path is set)

sys.exit(run_wsgi(sys.argv[3], sys.argv[2], verbose=True))
