// ECDSA P-256 over a digest the caller already computed (KMS MessageType DIGEST): node:crypto
// always hashes the message itself, so the emulator does this one signature by hand.
import { randomBytes } from 'node:crypto';

const P = 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn;
const N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const G = {
  x: 0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296n,
  y: 0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5n,
  z: 1n,
};

/** @typedef {{ x: bigint, y: bigint, z: bigint }} Point Jacobian coordinates; z = 0 is infinity */

/** @param {bigint} a @param {bigint} m */
const mod = (a, m) => ((a % m) + m) % m;

/** @param {bigint} base @param {bigint} exp @param {bigint} m */
function power(base, exp, m) {
  let result = 1n;
  let b = mod(base, m);
  for (let e = exp; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % m;
    b = (b * b) % m;
  }
  return result;
}

/** @param {bigint} a @param {bigint} m prime */
const inverse = (a, m) => power(a, m - 2n, m);

/** @param {Point} q @returns {Point} */
function double(q) {
  if (q.z === 0n || q.y === 0n) return { x: 0n, y: 1n, z: 0n };
  const yy = mod(q.y * q.y, P);
  const s = mod(4n * q.x * yy, P);
  const zz = mod(q.z * q.z, P);
  const m = mod(3n * (q.x - zz) * (q.x + zz), P);
  const x = mod(m * m - 2n * s, P);
  return { x, y: mod(m * (s - x) - 8n * yy * yy, P), z: mod(2n * q.y * q.z, P) };
}

/** @param {Point} a @param {Point} b @returns {Point} */
function add(a, b) {
  if (a.z === 0n) return b;
  if (b.z === 0n) return a;
  const az2 = mod(a.z * a.z, P);
  const bz2 = mod(b.z * b.z, P);
  const u1 = mod(a.x * bz2, P);
  const u2 = mod(b.x * az2, P);
  const s1 = mod(a.y * bz2 * b.z, P);
  const s2 = mod(b.y * az2 * a.z, P);
  if (u1 === u2) return s1 === s2 ? double(a) : { x: 0n, y: 1n, z: 0n };
  const h = mod(u2 - u1, P);
  const r = mod(s2 - s1, P);
  const h2 = mod(h * h, P);
  const h3 = mod(h2 * h, P);
  const x = mod(r * r - h3 - 2n * u1 * h2, P);
  return { x, y: mod(r * (u1 * h2 - x) - s1 * h3, P), z: mod(h * a.z * b.z, P) };
}

/** @param {bigint} k @returns {bigint} the affine x of k*G */
function baseMultiplyX(k) {
  /** @type {Point} */
  let result = { x: 0n, y: 1n, z: 0n };
  for (let bit = BigInt(k.toString(2).length - 1); bit >= 0n; bit -= 1n) {
    result = double(result);
    if ((k >> bit) & 1n) result = add(result, G);
  }
  const zInverse = inverse(result.z, P);
  return mod(result.x * zInverse * zInverse, P);
}

/** @param {Buffer} bytes */
const toBigInt = (bytes) => BigInt(`0x${bytes.toString('hex') || '0'}`);

/** @param {bigint} value @returns {Buffer} a DER INTEGER */
function derInteger(value) {
  let hex = value.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  let bytes = Buffer.from(hex, 'hex');
  if (bytes[0] & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return Buffer.concat([Buffer.from([0x02, bytes.length]), bytes]);
}

/**
 * @param {import('node:crypto').KeyObject} privateKey an EC P-256 private key
 * @param {Buffer} digest 32 bytes
 * @returns {Buffer} the DER ECDSA signature, as KMS answers it
 */
export function signDigestP256(privateKey, digest) {
  const d = toBigInt(Buffer.from(privateKey.export({ format: 'jwk' }).d ?? '', 'base64url'));
  const z = toBigInt(digest);
  for (;;) {
    const k = mod(toBigInt(randomBytes(40)), N - 1n) + 1n;
    const r = mod(baseMultiplyX(k), N);
    const s = mod(inverse(k, N) * (z + r * d), N);
    if (r === 0n || s === 0n) continue;
    const body = Buffer.concat([derInteger(r), derInteger(s)]);
    return Buffer.concat([Buffer.from([0x30, body.length]), body]);
  }
}
