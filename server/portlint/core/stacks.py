"""Which claims form one **stack**: ways of starting services that run together, so a port they share is a
real clash. Two samples of a samples repository, or seven starters of one practice monorepo, each on the
default port, never run together: their shared port is no error.

Evidence that claims run together, from the claims alone (no tool is named here):
- one project folder (`Claim.project`, set by the tool: the command's working folder, the Angular project's
  root; else the folder of the file that names the port);
- one thing that starts them together (`Claim.together`: a Procfile, one script or make target running two
  servers);
- a proxy target: a front end's proxy that connects to a port joins the stacks of the services listening
  there.

Linear in the number of claims (a union-find over claims, with listeners grouped by port).
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Sequence

from .addresses import is_local_target
from .model import Claim, Role


def project_of(claim: Claim) -> str:
    """The folder a claim's way of starting belongs to."""
    return claim.project or os.path.dirname(claim.location.file)


class Stacks:
    """The stack of every claim of one analysis, as a small integer per claim (by identity)."""

    def __init__(self, claims: Sequence[Claim]) -> None:
        self._index = {id(claim): n for n, claim in enumerate(claims)}
        self._parent = list(range(len(claims)))
        by_key: dict[str, int] = {}
        listeners: dict[int, list[int]] = defaultdict(list)
        for n, claim in enumerate(claims):
            self._union(n, by_key.setdefault("folder:" + project_of(claim), n))
            for key in claim.together:
                self._union(n, by_key.setdefault("together:" + key, n))
            if claim.role is Role.LISTEN:
                listeners[claim.port].append(n)
        for n, claim in enumerate(claims):
            if claim.role is Role.CONNECT and is_local_target(claim.host):
                for listener in listeners.get(claim.port, ()):
                    self._union(n, listener)

    def of(self, claim: Claim) -> int:
        """The stack of a claim of this analysis (a claim it never saw is a stack of its own)."""
        n = self._index.get(id(claim))
        return -1 - id(claim) if n is None else self._find(n)

    def together(self, one: Claim, other: Claim) -> bool:
        return self.of(one) == self.of(other)

    def _find(self, n: int) -> int:
        root = n
        while self._parent[root] != root:
            root = self._parent[root]
        while self._parent[n] != root:  # path compression
            self._parent[n], n = root, self._parent[n]
        return root

    def _union(self, a: int, b: int) -> None:
        ra, rb = self._find(a), self._find(b)
        if ra != rb:
            self._parent[max(ra, rb)] = min(ra, rb)
