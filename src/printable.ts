/**
 * Text from outside the action (API answers, tool output, error messages of libraries) made fit
 * for one log line: the runner reads every line that starts with `::` as a workflow command, so
 * an outside value must never carry a line break, nor any other control character, into the log.
 */

/** Line breaks as the runner or a terminal may see them: LF, CR, NEL, LS, PS. */
const LINE_BREAKS = /\r\n|[\n\r\u0085\u2028\u2029]/g;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

const visible = (char: string): string => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * One line of printable text: line breaks and tabs become a space, other control characters a
 * visible `\uXXXX` escape, and text longer than `max` characters is cut with "...".
 */
export function oneLine(text: string, max = 300): string {
  const flat = text.replace(LINE_BREAKS, ' ').replace(/\t/g, ' ').replace(CONTROL, visible);
  return flat.length > max ? `${flat.slice(0, max)}...` : flat;
}

/** The text as a sentence: a full stop added unless it already ends like one. */
export function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
