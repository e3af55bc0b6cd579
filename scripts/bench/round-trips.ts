// The arithmetic of the network benchmark, apart from sockets and timers: when a delayed chunk is
// due, how many round trips a connection's traffic took, and the least a scenario can take.

/** Which way a chunk went through the front: client to server, or back. */
export type Direction = 'up' | 'down';

/**
 * Round trips one connection took, from the directions of its chunks in the order they reached the
 * front: one for the TCP handshake, plus one per client flight the server answered (a run of `up`
 * chunks followed by `down` data). A flight nobody answers costs no wait: that is a TLS
 * close_notify as the client hangs up, so it is not counted.
 */
export function connectionRoundTrips(directions: readonly Direction[]): number {
  let answered = 0;
  for (let i = 1; i < directions.length; i++) {
    if (directions[i - 1] === 'up' && directions[i] === 'down') answered++;
  }
  return 1 + answered;
}

/**
 * When a chunk that reached the front at `arrivedAt` is handed on. Each way costs half the round
 * trip time. The client's first bytes also wait out a TCP handshake: on loopback the connect
 * completes at once, so the front holds client data until a round trip after the connection opened,
 * as if the SYN/SYN-ACK exchange had taken it. Due times never decrease for one direction, so
 * handing chunks on in due order keeps their order.
 */
export function dueAt(
  direction: Direction,
  arrivedAt: number,
  openedAt: number,
  rttMs: number,
): number {
  const half = rttMs / 2;
  if (direction === 'down') return arrivedAt + half;
  return Math.max(arrivedAt, openedAt + rttMs) + half;
}

/** What a scenario needs at the least: one set-up per host (TCP, then TLS 1.3), one trip per call. */
export interface Needs {
  hosts: number;
  calls: number;
}

/** TCP 1 round trip plus TLS 1.3 1 round trip per host, plus 1 round trip per API call. */
export function minimumRoundTrips({ hosts, calls }: Needs): number {
  return 2 * hosts + calls;
}

/** Round trips on the critical path: the wall time the round trip time added, in round trips. */
export function effectiveRoundTrips(wallMs: number, baselineMs: number, rttMs: number): number {
  return rttMs > 0 ? (wallMs - baselineMs) / rttMs : 0;
}
