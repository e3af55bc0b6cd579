/**
 * The runner's file commands: GITHUB_OUTPUT, GITHUB_ENV and GITHUB_STATE hold entries
 * `name=value` or `name<<DELIMITER\nvalue\nDELIMITER`; GITHUB_PATH holds one directory a line.
 * Malformed content fails the step on a real runner, so parsing throws.
 */

interface Line {
  text: string;
  /** Index just after the line's newline (or the end of the text). */
  next: number;
  /** The newline that ended the line; empty for a last line without one. */
  newline: string;
}

function readLine(text: string, start: number): Line | undefined {
  if (start >= text.length) return undefined;
  const lf = text.indexOf('\n', start);
  if (lf < 0) return { text: text.slice(start), next: text.length, newline: '' };
  const crlf = lf > start && text[lf - 1] === '\r';
  return {
    text: text.slice(start, crlf ? lf - 1 : lf),
    next: lf + 1,
    newline: crlf ? '\r\n' : '\n',
  };
}

/** Reads a heredoc value that starts at `start`; returns it and where parsing resumes. */
function readHeredoc(text: string, start: number, delimiter: string) {
  let end = start;
  let line = readLine(text, start);
  while (line?.text !== delimiter) {
    if (!line) throw new Error(`Matching delimiter not found '${delimiter}'`);
    if (line.newline === '') throw new Error('EOF marker missing new line');
    end = line.next - line.newline.length;
    line = readLine(text, line.next);
  }
  return { value: end > start ? text.slice(start, end) : '', next: line.next };
}

/** Names the line by number only: the content may be a secret. */
function where(text: string, line: Line): string {
  const lineNumber = text.slice(0, line.next).split('\n').length - (line.newline ? 1 : 0);
  return `Invalid file command on line ${lineNumber}`;
}

/** Entries in file order; a later entry with the same name overrides an earlier one. */
export function parseKeyValueFile(text: string): Record<string, string> {
  const entries: Record<string, string> = {};
  let line = readLine(text, 0);
  while (line) {
    let next = line.next;
    if (line.text !== '') {
      const eq = line.text.indexOf('=');
      const heredoc = line.text.indexOf('<<');
      if (eq >= 0 && (heredoc < 0 || eq < heredoc)) {
        const name = line.text.slice(0, eq);
        if (name === '') throw new Error(`${where(text, line)}: name must not be empty`);
        entries[name] = line.text.slice(eq + 1);
      } else if (heredoc >= 0) {
        const name = line.text.slice(0, heredoc);
        const delimiter = line.text.slice(heredoc + 2);
        if (name === '' || delimiter === '') {
          throw new Error(`${where(text, line)}: name and delimiter must not be empty`);
        }
        const read = readHeredoc(text, line.next, delimiter);
        entries[name] = read.value;
        next = read.next;
      } else {
        throw new Error(`${where(text, line)}: neither name=value nor name<<DELIMITER`);
      }
    }
    line = readLine(text, next);
  }
  return entries;
}

/** The runner refuses these names in GITHUB_ENV and fails the step. */
const FORBIDDEN_ENV_NAMES = ['NODE_OPTIONS'];

export function parseEnvFile(text: string): Record<string, string> {
  const entries = parseKeyValueFile(text);
  for (const name of Object.keys(entries)) {
    if (FORBIDDEN_ENV_NAMES.includes(name.toUpperCase())) {
      throw new Error(`Can't store ${name} output parameter using '$GITHUB_ENV' command.`);
    }
  }
  return entries;
}

/** Directories from GITHUB_PATH, in the order they end up in PATH (last added first). */
export function parsePathFile(text: string): string[] {
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .reverse();
}
