import { createConnection } from 'node:net';
import { WireReader, wireString } from '../ssh-key/wire.js';

// The ssh-agent protocol (draft-miller-ssh-agent), spoken over the agent's socket: how a key
// and its certificate go into the agent straight from memory. ssh-add would need the key or the
// certificate in a file; this way the private key never touches the disk.

const SSH2_AGENTC_ADD_IDENTITY = 17;
const SSH2_AGENTC_ADD_ID_CONSTRAINED = 25;
const SSH_AGENT_FAILURE = 5;
const SSH_AGENT_SUCCESS = 6;
const SSH_AGENT_CONSTRAIN_LIFETIME = 1;
/** The answer to an add is one byte; anything much longer is not an agent talking. */
const MAX_ANSWER_BYTES = 4096;
const DEFAULT_TIMEOUT_MS = 10_000;
const CERT_SUFFIX = '-cert-v01@openssh.com';

export interface AgentAddRequest {
  /**
   * The key's type name and private fields in PROTOCOL.key's order (for Ed25519: string
   * "ssh-ed25519", string public (32 bytes), string seed || public (64 bytes)). Secret.
   */
  keyFields: Buffer;
  /** A certificate for the key (its wire blob): the agent then holds the key as that cert. */
  certificate?: Buffer;
  comment: string;
  /** SSH_AGENT_CONSTRAIN_LIFETIME: seconds the agent keeps it. */
  lifetimeSeconds?: number;
}

export interface AgentCallOptions {
  timeoutMs?: number;
}

/**
 * SSH2_AGENTC_ADD_IDENTITY, or ADD_ID_CONSTRAINED with a lifetime, framed with its length. For
 * a certificate the key type is the certificate's and its blob comes before the private fields.
 */
export function addIdentityMessage(request: AgentAddRequest): Buffer {
  const reader = new WireReader(request.keyFields, 'the key');
  const type = reader.text();
  const privateFields = Buffer.from(reader.rest());
  const { lifetimeSeconds } = request;
  const parts: Buffer[] = [Buffer.from([SSH2_AGENTC_ADD_IDENTITY])];
  if (request.certificate) {
    const certType = new WireReader(request.certificate, 'the certificate').text();
    if (certType !== `${type}${CERT_SUFFIX}`) {
      throw new Error(`a ${certType} certificate does not fit a ${type} key`);
    }
    parts.push(wireString(certType), wireString(request.certificate));
  } else {
    parts.push(wireString(type));
  }
  parts.push(privateFields, wireString(request.comment));
  if (lifetimeSeconds !== undefined) {
    if (
      !Number.isSafeInteger(lifetimeSeconds) ||
      lifetimeSeconds <= 0 ||
      lifetimeSeconds > 0xffffffff
    ) {
      throw new Error('key lifetime must be a positive whole number of seconds');
    }
    parts[0] = Buffer.from([SSH2_AGENTC_ADD_ID_CONSTRAINED]);
    const constraint = Buffer.alloc(5);
    constraint.writeUInt8(SSH_AGENT_CONSTRAIN_LIFETIME, 0);
    constraint.writeUInt32BE(lifetimeSeconds, 1);
    parts.push(constraint);
  }
  const body = Buffer.concat(parts);
  const frame = Buffer.concat([uint32(body.length), body]);
  // The copies above held the private key: none outlives this call but the frame.
  parts.forEach((part) => part.fill(0));
  body.fill(0);
  return frame;
}

/**
 * Adds the key (or its certificate) to the agent at `socket`. The message holding the key is
 * wiped once sent; an error names the socket and what went wrong, never a byte of the key.
 */
export async function addIdentity(
  socket: string,
  request: AgentAddRequest,
  options: AgentCallOptions = {},
): Promise<void> {
  const what = request.certificate ? 'the certificate' : 'the key';
  const message = addIdentityMessage(request);
  let answer: number;
  try {
    answer = await agentCall(socket, message, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  } finally {
    message.fill(0);
  }
  if (answer === SSH_AGENT_SUCCESS) return;
  const constrained = request.lifetimeSeconds !== undefined;
  const hint = constrained
    ? " This agent may not support key constraints; try without 'key-lifetime'."
    : '';
  const refused = answer === SSH_AGENT_FAILURE ? 'refused' : `answered message type ${answer} to`;
  throw new Error(`The agent at ${socket} ${refused} adding ${what}.${hint}`);
}

/** Sends one framed request and returns the type byte of the agent's answer. */
function agentCall(socket: string, message: Buffer, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const connection = createConnection(socket);
    const chunks: Buffer[] = [];
    let received = 0;
    const finish = (error: Error | undefined, type?: number) => {
      clearTimeout(timer);
      connection.destroy();
      if (error) reject(error);
      else resolve(type!);
    };
    const timer = setTimeout(
      () =>
        finish(new Error(`The agent at ${socket} did not answer within ${timeoutMs / 1000} s.`)),
      timeoutMs,
    );
    connection.on('connect', () => connection.write(message));
    connection.on('error', (error: NodeJS.ErrnoException) =>
      finish(new Error(`Cannot reach the agent at ${socket} (${error.code ?? 'error'}).`)),
    );
    connection.on('close', () =>
      finish(new Error(`The agent at ${socket} closed the connection without an answer.`)),
    );
    connection.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      received += chunk.length;
      const data = Buffer.concat(chunks);
      const length = data.length >= 4 ? data.readUInt32BE(0) : undefined;
      if (length === undefined) return;
      if (length === 0 || length > MAX_ANSWER_BYTES) {
        finish(
          new Error(`The agent at ${socket} sent an answer of ${length} bytes, not one to an add.`),
        );
      } else if (received >= 4 + length) {
        finish(undefined, data.readUInt8(4));
      }
    });
  });
}

function uint32(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(value);
  return bytes;
}
