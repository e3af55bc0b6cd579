// Pure text logic for the one marked block a main step adds to a config file (ssh's or git's),
// and for taking exactly that block out again. Every byte outside the block is left as it was,
// so a file that holds nothing else after the undo is byte for byte what was there before.

const NAME = 'tencentcloud-ssh-key-action';

/** 12 lowercase hex characters, random per main step: the block's identity in both files. */
export const STEP_ID = /^[0-9a-f]{12}$/;

export function beginMarker(stepId: string) {
  return `# >>> ${NAME} ${stepId} >>>`;
}

export function endMarker(stepId: string) {
  return `# <<< ${NAME} ${stepId} <<<`;
}

/** The line break a file already uses (its first one), so our lines match it; LF otherwise. */
export function lineBreakOf(text: string): '\n' | '\r\n' {
  const first = text.indexOf('\n');
  return first > 0 && text[first - 1] === '\r' ? '\r\n' : '\n';
}

export interface InsertedBlock {
  text: string;
  /** The line break put between a last line without one and the block (append only). */
  separator?: '\n' | '\r\n';
}

function blockText(stepId: string, lines: readonly string[], eol: string) {
  return [beginMarker(stepId), ...lines, endMarker(stepId)].map((line) => line + eol).join('');
}

/** The block first, then the file as it was (ssh: the first value it reads wins). */
export function prependBlock(
  text: string,
  stepId: string,
  lines: readonly string[],
): InsertedBlock {
  return { text: blockText(stepId, lines, lineBreakOf(text)) + text };
}

/** The file as it was, then the block; a last line without a line break gets one first. */
export function appendBlock(text: string, stepId: string, lines: readonly string[]): InsertedBlock {
  const eol = lineBreakOf(text);
  const block = blockText(stepId, lines, eol);
  if (text === '' || text.endsWith('\n')) return { text: text + block };
  return { text: text + eol + block, separator: eol };
}

export type RemovedBlock = { text: string } | { problem: string };

/** The text split after each `\n`, so joining the pieces gives the text back exactly. */
function splitLines(text: string) {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

const content = (line: string) => line.replace(/\r?\n$/, '');

/**
 * The text without the block of `stepId` (its markers and every line between them). When the
 * markers are not there once each and in order (edited by hand), a problem and no text: the
 * caller leaves the file alone rather than guess what to remove.
 */
export function removeBlock(text: string, stepId: string, separator?: string): RemovedBlock {
  const lines = splitLines(text);
  const begins = indexesOf(lines, beginMarker(stepId));
  const ends = indexesOf(lines, endMarker(stepId));
  if (begins.length !== 1 || ends.length !== 1 || ends[0]! < begins[0]!) {
    return { problem: markerProblem(begins.length, ends.length) };
  }
  let before = lines.slice(0, begins[0]).join('');
  const after = lines.slice(ends[0]! + 1).join('');
  // The line break we put after a user's unterminated last line goes too, unless something
  // (another block, the user's own lines) now follows that line and needs it.
  if (separator && after === '' && before.endsWith(separator)) {
    before = before.slice(0, -separator.length);
  }
  return { text: before + after };
}

function indexesOf(lines: readonly string[], marker: string) {
  return lines.flatMap((line, index) => (content(line) === marker ? [index] : []));
}

function markerProblem(begins: number, ends: number) {
  if (begins === 0 && ends === 0) return 'its marker lines are gone';
  if (begins !== 1 || ends !== 1) return 'its marker lines are not there exactly once each';
  return 'its end marker comes before its begin marker';
}
