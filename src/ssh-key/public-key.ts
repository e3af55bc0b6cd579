import { KeyMaterialError, describeKeyType } from './key-material-error.js';
import { type SshKeyType, blobKeyType, checkPublicBlob } from './wire.js';

/** One OpenSSH public key line, as in `id_rsa.pub` or authorized_keys (without options). */
export interface PublicKeyLine {
  type: SshKeyType;
  /** The public key in SSH wire format. */
  blob: Buffer;
  comment?: string;
}

const NOT_A_LINE =
  'PublicKey is not a single OpenSSH public key line ("<type> <base64> [comment]")';

/** Parses `<type> <base64 blob>[ <comment>]` and checks that the blob is a key of that type. */
export function parsePublicKeyLine(line: string): PublicKeyLine {
  // `.` stops at line breaks, so text of more than one line does not match.
  const match = /^(\S+)[ \t]+([A-Za-z0-9+/]+={0,2})(?:[ \t]+(.*))?$/.exec(line.trim());
  const [name, base64, comment] = [match?.[1], match?.[2], match?.[3]?.trim()];
  if (name === undefined || base64 === undefined) throw new KeyMaterialError(NOT_A_LINE);
  const blob = Buffer.from(base64, 'base64');
  const type = checkPublicBlob(blob, 'PublicKey');
  if (type !== name) {
    throw new KeyMaterialError(
      `PublicKey names type ${describeKeyType(name)} but holds a ${type} key`,
    );
  }
  return comment ? { type, blob, comment } : { type, blob };
}

/**
 * Formats the public key line. Control characters in the comment (say, a newline stored in an
 * OpenSSH key's comment) and the Unicode line and paragraph separators become spaces, so the
 * line stays one line.
 */
export function publicKeyLine(blob: Buffer, comment?: string): string {
  const line = `${blobKeyType(blob)} ${blob.toString('base64')}`;
  const cleanComment = comment?.replace(/[\p{Cc}\u2028\u2029]+/gu, ' ').trim();
  return cleanComment ? `${line} ${cleanComment}` : line;
}
