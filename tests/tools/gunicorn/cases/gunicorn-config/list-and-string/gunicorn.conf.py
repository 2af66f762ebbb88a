# gunicorn reads this file by itself from the folder it starts in.
import multiprocessing

bind = "127.0.0.1:8000"
workers = multiprocessing.cpu_count() * 2 + 1
bind = ["0.0.0.0:8080", "[::1]:8081", ":8082", "localhost", "unix:/run/app.sock"]  # the last one wins
