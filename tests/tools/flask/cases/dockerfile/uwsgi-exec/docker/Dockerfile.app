FROM python:3.12
ENV FLASK_APP=server
CMD ["uwsgi", "--socket", "0.0.0.0:5000", "--module", "server:app"]
