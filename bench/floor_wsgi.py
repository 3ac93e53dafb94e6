"""The framework's floor for bench/load.py, as a WSGI app for gunicorn: Bolt with
process_before_response answering every ``/rec`` with a fixed card, no store."""

import os

from bench.bench import floor_app

app = floor_app(os.environ["SLACK_API_URL"], process_before_response=True, secret=os.environ["SLACK_SIGNING_SECRET"])
