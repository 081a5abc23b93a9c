"""gunicorn settings for Netra (docs/operations.md "Web server"): the application behind the
buffering proxy of deploy/nginx/netra.conf, which holds slow clients and sheds load past
what these workers can take (its `max_conns` is WORKERS x THREADS x 2).

    gunicorn -c deploy/gunicorn.conf.py

Environment: NETRA_BIND (127.0.0.1:8001, the proxy's upstream), NETRA_WEB_WORKERS (2),
NETRA_WEB_THREADS (4). Change workers or threads together with `max_conns` in netra.conf.
"""

import os

wsgi_app = "netra.wsgi:application"
bind = [os.environ.get("NETRA_BIND", "127.0.0.1:8001")]

# Two processes of four threads each: the views wait on PostgreSQL and on files more than they
# compute, and each process costs its own memory (about 150 MB). One core per process.
worker_class = "gthread"
workers = int(os.environ.get("NETRA_WEB_WORKERS", "2"))
threads = int(os.environ.get("NETRA_WEB_THREADS", "4"))

# The application is loaded once, in the master, before the workers are forked: keys generated
# on first start are made once, workers share the loaded code's memory, and a worker that dies is
# replaced in a fraction of a second instead of importing everything again (seconds). Code
# changes therefore need a restart, not a HUP.
preload_app = True

# A request still running after 60 s has its worker killed and replaced (the proxy answers 503
# before that, at proxy_read_timeout); a worker is recycled after about 2,000 requests so that no
# slow leak grows without end.
timeout = 60
graceful_timeout = 30
max_requests = 2000
max_requests_jitter = 200

# Only the proxy connects (loopback); it sends whole requests, so no slow client ever reaches a
# worker. Short keep-alive: the proxy opens one connection per request.
keepalive = 2
backlog = 64

# No access log here: the proxy logs requests, without client addresses (RELIABILITY C30, T18).
# Errors and warnings go to stderr, collected by the service manager.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("NETRA_GUNICORN_LOG_LEVEL", "info")
# X-Forwarded-Proto from the proxy on this host marks HTTPS requests (NETRA_HTTPS).
forwarded_allow_ips = "127.0.0.1,::1"
proc_name = "netra-web"
# No control socket (gunicorn >= 25 opens one in $HOME by default, shared by every instance of
# the same user); the service manager's signals (HUP reload, TERM stop) are the interface.
control_socket_disable = True


def when_ready(server):
    """The master serves no request: whatever database connection loading the application may
    have opened is closed before the workers are forked, so no two processes share one."""
    from django.db import connections

    connections.close_all()
