"""Probing a loopback URL the way a browser's `fetch()` would: the preflight, then the real request, on
every address the host name resolves to, each on its own.

Loopback only: the target is checked (and its name resolved) before any connection, and anything that is
not `localhost`, 127.0.0.0/8 or ::1 is refused; `localhost` is looked up without the DNS. Each exchange
has one deadline, from connecting to the answer's last header. The verdicts come from
`portlint.core.cors.fetch`; this module only talks to the servers.
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from .. import __version__
from ..core.cors.fetch import (
    CorsVerdict,
    FetchRequest,
    Headers,
    HttpAnswer,
    judge,
    normalise_method,
    preflight_headers,
    preflight_needed,
)
from .answerer import Answerer, who_answered

DEFAULT_TIMEOUT = 3.0
USER_AGENT = f"portlint-probe/{__version__}"
_URL_SAFE = "!#$%&'()*+,/:;=?@[]~"  # kept as written; anything else (é) is percent-encoded, as browsers do


class ProbeRefused(ValueError):
    """The URL is not one portlint probes (not loopback, not http(s), unresolvable); nothing was sent."""


@dataclass(frozen=True)
class Target:
    url: str
    scheme: str  # "http" or "https"
    host: str  # as written, brackets stripped, lower case: "localhost", "::1"
    port: int
    path: str  # path and query, as sent on the request line
    host_header: str  # "localhost:5000", as a browser sends it

    @property
    def origin(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        default = 80 if self.scheme == "http" else 443
        return f"{self.scheme}://{host}" + ("" if self.port == default else f":{self.port}")


@dataclass(frozen=True)
class Failure:
    """Why an exchange got no HTTP answer."""

    kind: str  # "refused", "timeout", "not-http", "tls", "unreachable"
    words: str


@dataclass(frozen=True)
class Exchange:
    """One request as sent, and its answer or why there was none."""

    method: str
    sent: Headers
    answer: HttpAnswer | None = None
    failure: Failure | None = None


@dataclass(frozen=True)
class AddressProbe:
    address: str
    preflight: Exchange | None  # None when the request needs none
    actual: Exchange | None  # None when a browser would not send it (the preflight failed)
    verdict: CorsVerdict

    @property
    def failure(self) -> Failure | None:
        for exchange in (self.preflight, self.actual):
            if exchange is not None and exchange.failure is not None:
                return exchange.failure
        return None

    @property
    def answer(self) -> HttpAnswer | None:
        """The last answer received: the real request's, else the preflight's."""
        for exchange in (self.actual, self.preflight):
            if exchange is not None and exchange.answer is not None:
                return exchange.answer
        return None

    @property
    def answerer(self) -> Answerer | None:
        answer = self.answer
        return who_answered(answer.headers) if answer is not None else None

    @property
    def refused(self) -> bool:
        """Nothing listens here: Node and browsers then move on to the next address."""
        failure = self.failure
        return failure is not None and failure.kind == "refused"


@dataclass(frozen=True)
class ProbeResult:
    target: Target
    request: FetchRequest
    addresses: tuple[AddressProbe, ...]  # in the resolver's order: a client tries the first one first

    @property
    def reached(self) -> AddressProbe | None:
        """The address a client that falls back only on refusal (Node 17+) ends up talking to."""
        return next((probe for probe in self.addresses if not probe.refused), None)

    @property
    def ok(self) -> bool:
        """Every address that something listens on passes, and at least one does."""
        listening = [probe for probe in self.addresses if not probe.refused]
        return bool(listening) and all(probe.verdict.ok for probe in listening)


# ---- the target ------------------------------------------------------------------------------------


def parse_target(url: str) -> Target:
    """The URL's parts, or ProbeRefused when it is not an http(s) URL on a loopback host."""
    url = url.strip()
    blank = next((ch for ch in url if ch.isspace() or not ch.isprintable()), None)
    if blank is not None:
        what = "a space" if blank == " " else f"the character {blank!r}"
        raise ProbeRefused(f"{url!r} is not a valid URL: it contains {what} (write a space as %20)")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise ProbeRefused(f"{url!r} is not a valid URL: {error}") from None
    if parts.scheme not in ("http", "https"):
        raise ProbeRefused(f"{url!r}: only http:// and https:// URLs can be probed")
    host = (parts.hostname or "").lower()
    if not host:
        raise ProbeRefused(f"{url!r} names no host")
    if parts.username is not None or parts.password is not None:
        raise ProbeRefused(f"{url!r} carries a user name or password; fetch() refuses such URLs too")
    if not is_loopback_name(host):
        raise ProbeRefused(
            f"refusing to probe {host}: portlint probes only this machine (localhost, 127.0.0.0/8, ::1), "
            "so it never sends requests to other hosts"
        )
    default = 80 if parts.scheme == "http" else 443
    real_port = default if port is None else port
    shown_host = f"[{host}]" if ":" in host else host
    path = quote((parts.path or "/") + (f"?{parts.query}" if parts.query else ""), safe=_URL_SAFE)
    host_header = shown_host if real_port == default else f"{shown_host}:{real_port}"
    return Target(url, parts.scheme, host, real_port, path, host_header)


def is_loopback_name(host: str) -> bool:
    """`localhost`, or an address literal in 127.0.0.0/8 or ::1. No other name: it could resolve anywhere."""
    if host.rstrip(".") == "localhost":
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback


def resolve(target: Target) -> tuple[str, ...]:
    """Every address the host resolves to, in the resolver's order, each once; refused unless every one of
    them is loopback."""
    literal = _address_literal(target.host)
    if literal is not None:
        return (literal,)  # nothing to ask anyone
    # Only `localhost` (and `localhost.`) get here. The trailing dot is dropped: with it the system resolver
    # skips the hosts file and asks the DNS server, which may be anywhere.
    try:
        infos = socket.getaddrinfo("localhost", target.port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise ProbeRefused(f"{target.host} does not resolve here: {error}") from None
    addresses: list[str] = []
    for _family, _type, _proto, _name, sockaddr in infos:
        address = str(sockaddr[0]).partition("%")[0]
        if address not in addresses:
            addresses.append(address)
    strangers = [a for a in addresses if not ipaddress.ip_address(a).is_loopback]
    if strangers or not addresses:
        raise ProbeRefused(
            f"refusing to probe {target.host}: it resolves to {', '.join(strangers) or 'nothing'} here, "
            "which is not a loopback address"
        )
    return tuple(addresses)


def _address_literal(host: str) -> str | None:
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        return None


# ---- probing ---------------------------------------------------------------------------------------


def probe(url: str, request: FetchRequest, timeout: float = DEFAULT_TIMEOUT) -> ProbeResult:
    """Probe `url` on each of its addresses. Raises ProbeRefused (before any connection) for a target
    that is not loopback."""
    target = parse_target(url)
    addresses = resolve(target)
    return ProbeResult(
        target, request, tuple(probe_address(target, address, request, timeout) for address in addresses)
    )


def probe_address(target: Target, address: str, request: FetchRequest, timeout: float) -> AddressProbe:
    """The preflight (when the request needs one), then the real request unless the preflight failed."""
    if not ipaddress.ip_address(address).is_loopback:  # the last guard before a socket opens
        raise ProbeRefused(f"refusing to connect to {address}: not a loopback address")
    preflight: Exchange | None = None
    if preflight_needed(request):
        sent = (*preflight_headers(request), ("Accept", "*/*"), ("User-Agent", USER_AGENT))
        preflight = _exchange(target, address, "OPTIONS", sent, timeout)
        if preflight.answer is None:
            return AddressProbe(address, preflight, None, _no_answer("preflight", preflight))
        verdict = judge(request, preflight.answer, None)
        if not verdict.ok and any(p.startswith("preflight:") for p in verdict.problems):
            return AddressProbe(address, preflight, None, verdict)
    sent = (("Origin", request.origin), ("Accept", "*/*"), ("User-Agent", USER_AGENT), *request.headers)
    actual = _exchange(target, address, normalise_method(request.method), sent, timeout)
    if actual.answer is None:
        return AddressProbe(address, preflight, actual, _no_answer("request", actual))
    return AddressProbe(
        address, preflight, actual, judge(request, preflight.answer if preflight else None, actual.answer)
    )


def _no_answer(stage: str, exchange: Exchange) -> CorsVerdict:
    assert exchange.failure is not None
    return CorsVerdict(False, (f"{stage}: {exchange.failure.words}",))


def _exchange(target: Target, address: str, method: str, headers: Headers, timeout: float) -> Exchange:
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
        try:
            connection.connect()
        except ConnectionRefusedError:
            return Exchange(
                method, sent, failure=Failure("refused", f"nothing listens on {where} (connection refused)")
            )
        except TimeoutError:
            return Exchange(
                method, sent, failure=Failure("timeout", f"no answer to connecting to {where} in {timeout:g} s")
            )
        except ssl.SSLError as error:
            return Exchange(method, sent, failure=Failure("tls", f"TLS with {where} failed: {error.reason or error}"))
        except OSError as error:
            return Exchange(
                method, sent, failure=Failure("unreachable", f"cannot connect to {where}: {error.strerror or error}")
            )
        deadline.cut_at_the_end(connection)
        exchange = _talk(connection, target, method, sent, where, timeout)
        if deadline.passed:  # even an "answer": http.client takes the cut for the end of the headers
            return Exchange(method, sent, failure=_no_answer_in_time(where, timeout))
        return exchange
    finally:
        deadline.cancel()
        connection.close()


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
