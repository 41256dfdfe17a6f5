"""A Streamlit session spoken over its websocket, as the browser's front end speaks it.

Two users: a replica warms itself with one real page run before it reports ready
(deploy/replica.py), and the load bench drives hundreds of readers with it (bench/load.py).

- the socket is `/_stcore/stream` with subprotocols ["streamlit", <xsrf token or placeholder>];
- a link opens with a `rerun_script` carrying its query string; a link change is a history
  navigation with the page hash from the `navigation` message;
- cached messages (the map, a few hundred KB) are kept by hash and listed in every later
  `rerun_script`, and the server answers them with `ref_hash`.
"""

from __future__ import annotations

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

FINISHED = ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY
RERUN = ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN


class Refused(Exception):
    """The proxy answered 429 (told to retry)."""


class StreamSession:
    """One Streamlit session over one websocket; remembers cached messages across reconnects."""

    def __init__(
        self,
        url: str,
        address: str = "127.0.0.1",
        cookies: dict[str, str] | None = None,
        open_timeout: float = 60.0,
    ) -> None:
        self.url = url.replace("http://", "ws://") + "/_stcore/stream"
        self.address = address
        self.cookies = {} if cookies is None else cookies
        self.open_timeout = open_timeout
        self.cache: dict[str, bytes] = {}
        self.page_hash = ""
        self.ws: websockets.ClientConnection | None = None

    async def connect(self) -> None:
        """Open the socket (again), with the session's cookies; Refused on a 429."""
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            self.ws = await websockets.connect(
                self.url,
                subprotocols=["streamlit", "xsrf-placeholder"],  # type: ignore[list-item]
                additional_headers={"Cookie": cookie} if cookie else None,
                local_addr=(self.address, 0),
                max_size=None,
                compression=None,
                ping_interval=None,
                open_timeout=self.open_timeout,
            )
        except websockets.InvalidStatus as exc:
            if exc.response.status_code == 429:
                raise Refused from exc
            raise

    async def view(self, query: str, history: bool = False) -> list[bytes]:
        """Ask for the view of `query`; the delta messages of its run, once it has finished."""
        if self.ws is None:
            raise RuntimeError("connect first")
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = query
        state.page_script_hash = self.page_hash
        state.is_history_navigation = history
        state.cached_message_hashes.extend(self.cache)
        await self.ws.send(msg.SerializeToString())
        deltas: list[bytes] = []
        while True:
            raw = await self.ws.recv()
            forward = ForwardMsg()
            forward.ParseFromString(raw)
            kind = forward.WhichOneof("type")
            if kind == "ref_hash":
                if forward.ref_hash not in self.cache:
                    raise RuntimeError("ref_hash to a message this client never had")
                raw = self.cache[forward.ref_hash]
                forward = ForwardMsg()
                forward.ParseFromString(raw)
                kind = forward.WhichOneof("type")
            elif forward.hash and forward.metadata.cacheable:
                self.cache[forward.hash] = raw
            if kind == "navigation" and forward.navigation.page_script_hash:
                self.page_hash = forward.navigation.page_script_hash
            elif kind == "delta":
                deltas.append(raw)
            elif kind == "script_finished":
                if forward.script_finished == FINISHED:
                    return deltas
                if forward.script_finished != RERUN:
                    raise RuntimeError(f"script finished with status {forward.script_finished}")
                deltas = []  # a newer run follows: its view is the one asked for

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
