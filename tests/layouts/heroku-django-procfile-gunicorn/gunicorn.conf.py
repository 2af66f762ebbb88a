import os

# heroku local and the platform set PORT; bind every IPv6 (and, dual stack, IPv4) address on it.
bind = ["[::]:{}".format(os.environ.get("PORT", 5006))]

worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", 1))
threads = 5
timeout = 20
