"""gunicorn settings of the web service. `gunicorn sorong_asn.wsgi` reads this file from the working
directory, so docker-compose, the Dockerfile, `make load` and the production smoke test in `.ci/run`
all run the same server. The figures behind the worker choice are in docs/deploy.md."""

import os

bind = f"{os.environ.get('BIND_HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
# The control socket (gunicorn 27) is for interactive administration; containers have no use for it.
control_socket_disable = True
accesslog = "-"
