"""The plain data the analysis core speaks: positions, claims, listeners, findings.

Everything here is immutable and free of I/O. Positions are 0-based lines and UTF-16 code-unit
characters, as in LSP, so every consumer (CLI, JSON, SARIF, the language server) shares them.
"""

from __future__ import annotations

from enum import Enum

from msgspec import Struct, field


class Position(Struct, frozen=True, order=True):
    line: int
    character: int


class Range(Struct, frozen=True, order=True):
    start: Position
    end: Position

    @staticmethod
    def of(line: int, start: int, end_line: int | None = None, end: int | None = None) -> Range:
        """Shorthand: ``Range.of(3, 4, 3, 8)``; with two arguments an empty range at that point."""
        return Range(
            Position(line, start),
            Position(line if end_line is None else end_line, start if end is None else end),
        )


ZERO_RANGE = Range.of(0, 0)


class Location(Struct, frozen=True, order=True):
    file: str  # absolute path
    range: Range


class Role(str, Enum):
    LISTEN = "listen"  # the tool binds this port
    CONNECT = "connect"  # the tool connects to this port (a proxy target)


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFORMATION = "information"
    HINT = "hint"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "information": 1, "hint": 0}[self.value]


class Part(str, Enum):
    """The part a service plays in a stack; checks pick backends, front ends and proxies by it."""

    FRONTEND = "frontend"  # serves the pages a browser opens (a dev server)
    BACKEND = "backend"  # an API the front end calls (directly or through its proxy)
    PROXY = "proxy"  # a proxy target: where a front end's dev proxy forwards requests
    EMULATOR = "emulator"  # a local stand-in for a cloud service (firebase emulators)
    CLIENT = "client"  # a URL a browser is built with (an API base URL in a front end's .env)


class LocalhostBinds(str, Enum):
    """Which addresses a tool listens on when told to listen on `localhost`."""

    IPV4_LOOPBACK = "ipv4-loopback"  # 127.0.0.1 only (Werkzeug binds one IPv4 address)
    FIRST_RESOLVED = "first-resolved"  # the first address the resolver gives (Node's listen)
    EVERY_RESOLVED = "every-resolved"  # every address of localhost (firebase-tools)


class Taken(str, Enum):
    """What a tool does when its port is already taken at start."""

    FAILS = "fails"  # stops with an error
    MOVES_UP = "moves-up"  # scans upward for a free port and starts there
    ASKS = "asks"  # asks in a terminal for another port; fails when nobody can answer
    RANDOM = "random"  # picks a random free port


class WhenTaken(Struct, frozen=True):
    """A tool's behaviour on a taken port, with who acts and the tool's own words, for messages."""

    action: Taken
    by: str  # who acts, as a developer knows it: "Werkzeug", "the Angular CLI", "firebase-tools"
    says: str = "address already in use"  # the tool's own words when it fails or moves


FAILS = WhenTaken(Taken.FAILS, "the server")


class Insertion(Struct, frozen=True):
    """How to write out a port that is now a tool default: `before + str(port) + after` put at `location`
    (usually an empty range; a non-empty one is replaced, e.g. a `"port": 0` that means "default"), after
    creating the file when `create_file` is set."""

    location: Location
    before: str
    after: str = ""
    create_file: bool = False

    def text(self, port: int) -> str:
        return f"{self.before}{port}{self.after}"


class Pin(Struct, frozen=True):
    """How to keep a server that moves by itself when its port is taken on that port, in the tool's own
    terms (`strictPort: true`, an explicit `--port`, the emulator's `"port"`): edits ready to apply."""

    title: str  # "Set strictPort: true in vite.config.ts"
    edits: tuple[TextEdit, ...]


class Claim(Struct, frozen=True):
    """One port a config of the workspace wants, resolved as the real tool would."""

    service: str  # the service's identity and display name: claims of one service are alternatives
    tool: str  # the registry name of the tool that reads this port ("flask", "angular", ...): for display only
    role: Role
    host: str  # as the tool will use it: "127.0.0.1", "localhost", "::", "0.0.0.0", ...
    port: int
    explicit: bool  # written out somewhere, as opposed to the tool's default
    location: Location  # the token naming the port; for a default, the key that implies it
    origin: str  # where it came from, in words
    # The tool's quirks as data, so that no generic check needs to know which tool this is.
    part: Part
    localhost_binds: LocalhostBinds = LocalhostBinds.FIRST_RESOLVED
    when_taken: WhenTaken = FAILS
    # Process names that count as this workspace's own when they hold this claim's port (a tool knows that a
    # `docker-proxy` for a port its compose file publishes is ours).
    ours_when_held_by: frozenset[str] = frozenset()
    # Every other place that names this same port for this claim (e.g. the `.flaskenv` line behind a
    # launch configuration that does not override it): a port switch must rewrite them too.
    also_at: tuple[Location, ...] = ()
    # For a connect claim: the URL as written, so messages and fixes can quote it.
    target: str | None = None
    # For a default (explicit False): where a port switch writes the port out, in the tool's own file.
    insertion: Insertion | None = None
    # False when the port comes from somewhere no file holds (the real environment): `location` then points
    # at the command that reads it, and no edit can change the port.
    names_port: bool = True
    # The project folder the tool puts this way of starting in (absolute): the working folder of the command,
    # the Angular project's root. Claims of one folder run together (`core/stacks.py`); when empty, the
    # folder of the file that names the port.
    project: str = ""
    # What starts this way of running together with others (a Procfile, one script running two servers):
    # claims sharing a key are of one stack, wherever their folders.
    together: tuple[str, ...] = ()
    # For a movable claim (`when_taken` moves it): the edits that make its port fixed, if the tool allows it.
    pin: Pin | None = None
    # For a connect claim: where its URL's host is written, when exactly known, so a fix can rewrite it.
    host_location: Location | None = None
    # The app this claim serves, when the tool runs one app in several modes (`next dev` / `next start`): claims
    # of one app are alternatives, never run at once, so their shared port is no clash. Empty: its own.
    app: str = ""

    @property
    def movable(self) -> bool:
        """The tool moves to another port by itself when this one is taken."""
        return self.when_taken.action in (Taken.MOVES_UP, Taken.RANDOM)


class Process(Struct, frozen=True):
    pid: int
    name: str
    ppid: int | None = None
    exe: str | None = None
    cmdline: tuple[str, ...] = ()
    cwd: str | None = None
    user: str | None = None
    started: float | None = None  # seconds since the epoch

    @property
    def command(self) -> str:
        return " ".join(self.cmdline) if self.cmdline else self.name


class Socket(Struct, frozen=True, order=True):
    """A listening TCP socket without its owner: what the cheap change-detection look sees."""

    address: str  # "127.0.0.1", "::1", "0.0.0.0", "::"
    port: int
    family: int  # 4 or 6


class Listener(Struct, frozen=True):
    socket: Socket
    process: Process | None  # None when the owner could not be seen (denied, vanished)

    @property
    def address(self) -> str:
        return self.socket.address

    @property
    def port(self) -> int:
        return self.socket.port

    @property
    def family(self) -> int:
        return self.socket.family


class PortRange(Struct, frozen=True, order=True):
    """Ports the system keeps from programs: binding one fails though no process holds it (Windows'
    excluded port ranges, `netsh interface ipv4 show excludedportrange protocol=tcp`)."""

    start: int
    end: int  # inclusive, as netsh prints it
    administered: bool = False  # added on purpose by an administrator (netsh marks it `*`), not by WinNAT

    def __contains__(self, port: object) -> bool:
        return isinstance(port, int) and self.start <= port <= self.end


class Snapshot(Struct, frozen=True):
    """Who listens, plus the facts about this machine the analysis needs."""

    listeners: tuple[Listener, ...]
    platform: str = "linux"  # "linux", "darwin", "win32"
    # The addresses `localhost` resolves to, in the resolver's order (Node 17+ tries the first).
    localhost_order: tuple[str, ...] = ("127.0.0.1", "::1")
    # Whether an IPv6 wildcard socket also takes IPv4 (Linux net.ipv6.bindv6only = 0).
    v6_wildcard_takes_v4: bool = True
    taken_at: float = 0.0
    method: str = "none"  # how they were found: "netlink", "procfs", "psutil", "per-process", "lsof"
    # Ports nobody may bind though nobody holds them (Windows' excluded ranges); empty elsewhere.
    reserved: tuple[PortRange, ...] = ()


class TextEdit(Struct, frozen=True):
    file: str
    range: Range
    new_text: str
    create_file: bool = False  # the file does not exist yet: create it (empty), then insert


class Fix(Struct, frozen=True):
    title: str
    edits: tuple[TextEdit, ...] = ()  # empty for advice that is not an edit (switch off AirPlay)
    preferred: bool = False


class Related(Struct, frozen=True):
    location: Location
    message: str


class Finding(Struct, frozen=True):
    code: str
    severity: Severity
    message: str
    location: Location
    port: int | None = None
    related: tuple[Related, ...] = ()
    fixes: tuple[Fix, ...] = ()
    # The claim the finding is about, when there is one: the port switch moves that claim's service.
    claim: Claim | None = None


class ConfigProblem(Struct, frozen=True):
    """A config (or part of one) that could not be read; becomes a `config-unreadable` finding."""

    location: Location
    reason: str


class Settings(Struct, frozen=True):
    """What a user may tune. The language server fills this from its settings."""

    ignored_ports: frozenset[int] = frozenset()
    never_foreign: frozenset[str] = frozenset()  # process names that always count as ours
    severities: dict[str, Severity | None] = field(default_factory=dict)  # None switches a code off
