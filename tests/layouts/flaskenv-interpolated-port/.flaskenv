# local ports of the marketplace apps
API_PORT=5000
ADMIN_PORT=5004

FLASK_APP=application:application
FLASK_DEBUG=1
FLASK_RUN_PORT=${ADMIN_PORT}
