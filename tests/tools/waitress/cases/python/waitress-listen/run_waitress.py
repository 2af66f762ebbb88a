import waitress as w

from .wsgi import application

w.serve(application, listen="127.0.0.1:8091 [::1]:8092")
w.serve(application)
