"""One HTTP exchange with one address, as a browser's `fetch()` makes it: a fresh connection, the request,
the answer's status and headers (the body is not read), or why there was none. Each exchange has one
deadline, from connecting to the answer's last header.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import ssl
import threading
import time

from msgspec import Struct

from ..core.cors.fetch import HttpAnswer
from ..core.cors.fetch_request import Headers
from .target import Target


class Failure(Struct, frozen=True):
    """Why an exchange got no HTTP answer."""

    kind: str  # "refused", "timeout", "not-http", "tls", "unreachable"
    words: str


class Exchange(Struct, frozen=True):
    """One request as sent, and its answer or why there was none."""

    method: str
    sent: Headers
    answer: HttpAnswer | None = None
    failure: Failure | None = None


def send(target: Target, address: str, method: str, headers: Headers, timeout: float) -> Exchange:
    """One request on a fresh connection to `address`; the answer's status and headers (the body is not
    read), or the reason there was none. Everything, from connecting to the last header, within `timeout`."""
    where = f"[{address}]:{target.port}" if ":" in address else f"{address}:{target.port}"
    connection: http.client.HTTPConnection
    if target.scheme == "https":
        context = ssl.create_default_context()
        connection = _HttpsTo(address, target.port, timeout=timeout, context=context, server_name=target.host)
    else:
        connection = http.client.HTTPConnection(address, target.port, timeout=timeout)
    sent = (("Host", target.host_header), *headers, ("Connection", "close"))
    deadline = _Deadline(timeout)
    try:
        failure = _connect(connection, where, timeout)
        if failure is not None:
            return Exchange(method, sent, failure=failure)
        deadline.cut_at_the_end(connection)
        exchange = _talk(connection, target, method, sent, where, timeout)
        if deadline.passed:  # even an "answer": http.client takes the cut for the end of the headers
            return Exchange(method, sent, failure=_no_answer_in_time(where, timeout))
        return exchange
    finally:
        deadline.cancel()
        connection.close()


def _connect(connection: http.client.HTTPConnection, where: str, timeout: float) -> Failure | None:
    """Connect (and for https, shake hands); None when connected, else why not."""
    try:
        connection.connect()
    except ConnectionRefusedError:
        return Failure("refused", f"nothing listens on {where} (connection refused)")
    except TimeoutError:
        return Failure("timeout", f"no answer to connecting to {where} in {timeout:g} s")
    except ssl.SSLError as error:
        return Failure("tls", f"TLS with {where} failed: {error.reason or error}")
    except OSError as error:
        return Failure("unreachable", f"cannot connect to {where}: {error.strerror or error}")
    return None


def _talk(
    connection: http.client.HTTPConnection, target: Target, method: str, sent: Headers, where: str, timeout: float
) -> Exchange:
    """Send the request on a connected `connection` and read the answer's status and headers."""
    try:
        connection.putrequest(method, target.path, skip_host=True, skip_accept_encoding=True)
        for name, value in sent:
            connection.putheader(name, value)
        connection.endheaders()
        response = connection.getresponse()
    except http.client.RemoteDisconnected:
        return Exchange(method, sent, failure=_not_http(where, "it closed the connection without an answer"))
    except http.client.BadStatusLine as error:
        line = _quote(getattr(error, "line", error))
        return Exchange(method, sent, failure=_not_http(where, f"it sent {line} instead of an HTTP status line"))
    except http.client.LineTooLong:
        return Exchange(method, sent, failure=_not_http(where, "it sent an endless line instead of HTTP headers"))
    except http.client.HTTPException as error:
        return Exchange(
            method, sent, failure=_not_http(where, f"its answer is not valid HTTP ({type(error).__name__})")
        )
    except TimeoutError:
        return Exchange(method, sent, failure=_no_answer_in_time(where, timeout))
    except ConnectionResetError:
        return Exchange(method, sent, failure=_not_http(where, "it reset the connection instead of answering"))
    except ssl.SSLError as error:
        return Exchange(method, sent, failure=Failure("tls", f"TLS with {where} failed: {error.reason or error}"))
    except OSError as error:
        return Exchange(method, sent, failure=_not_http(where, f"the connection failed: {error.strerror or error}"))
    answer = HttpAnswer(response.status, response.reason or "", tuple((k, v) for k, v in response.msg.items()))
    return Exchange(method, sent, answer=answer)


class _Deadline:
    """The end of one exchange. http.client's timeout bounds each read, so a peer trickling a byte every
    two seconds could keep an exchange going for as long as it liked; at the deadline the connection is shut,
    which ends whatever read is waiting."""

    def __init__(self, seconds: float) -> None:
        self._end = time.monotonic() + seconds
        self._passed = threading.Event()
        self._timer: threading.Timer | None = None

    @property
    def passed(self) -> bool:
        return self._passed.is_set()

    def cut_at_the_end(self, connection: http.client.HTTPConnection) -> None:
        self._timer = threading.Timer(max(0.0, self._end - time.monotonic()), self._cut, (connection,))
        self._timer.daemon = True
        self._timer.start()

    def _cut(self, connection: http.client.HTTPConnection) -> None:
        self._passed.set()
        if connection.sock is not None:
            with contextlib.suppress(OSError):
                connection.sock.shutdown(socket.SHUT_RDWR)

    def cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()


def _no_answer_in_time(where: str, timeout: float) -> Failure:
    return _not_http(where, f"it accepted the connection but sent no complete HTTP answer in {timeout:g} s")


def _not_http(where: str, detail: str) -> Failure:
    return Failure("not-http", f"something on {where} does not speak HTTP: {detail}")


def _quote(line: object) -> str:
    text = str(line)
    if not text:
        return "nothing (it closed the connection)"
    return repr(text[:60] + ("..." if len(text) > 60 else ""))


class _HttpsTo(http.client.HTTPSConnection):
    """HTTPS to one address while checking the certificate against the URL's host name."""

    def __init__(self, address: str, port: int, *, timeout: float, context: ssl.SSLContext, server_name: str) -> None:
        super().__init__(address, port, timeout=timeout, context=context)
        self._context = context
        self._server_name = server_name

    def connect(self) -> None:
        http.client.HTTPConnection.connect(self)
        self.sock = self._context.wrap_socket(self.sock, server_hostname=self._server_name)
