workers = 2
timeout = 120
accesslog = "-"
