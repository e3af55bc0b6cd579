/**
 * Workflow commands (`::name k=v,k2=v2::message`) as the Actions runner reads them from a step's
 * stdout and stderr: a line counts after its leading whitespace is trimmed, and
 * `::stop-commands::TOKEN` turns processing off until a line `::TOKEN::`.
 */

export interface WorkflowCommand {
  name: string;
  properties: Record<string, string>;
  message: string;
  /** 0-based index of the line in the text it was read from. */
  line: number;
}

interface Annotation {
  message: string;
  properties: Record<string, string>;
}

export interface CommandSummary {
  errors: Annotation[];
  warnings: Annotation[];
  notices: Annotation[];
  debugs: string[];
  masks: string[];
  /** Titles of `::group::` lines, in order. */
  groups: string[];
  /** Every other command (`endgroup`, `echo`, `stop-commands`, deprecated ones...). */
  other: WorkflowCommand[];
}

const DATA_ESCAPES: Record<string, string> = { '%25': '%', '%0D': '\r', '%0A': '\n' };
const PROPERTY_ESCAPES: Record<string, string> = { ...DATA_ESCAPES, '%3A': ':', '%2C': ',' };

/** One pass, so `%250A` stays the literal text `%0A`. */
export function unescapeData(text: string): string {
  return text.replace(/%(25|0D|0A)/gi, (m) => DATA_ESCAPES[m.toUpperCase()] ?? m);
}

export function unescapeProperty(text: string): string {
  return text.replace(/%(25|0D|0A|3A|2C)/gi, (m) => PROPERTY_ESCAPES[m.toUpperCase()] ?? m);
}

export function splitLines(text: string): string[] {
  return text.split(/\r?\n/);
}

function parseProperties(section: string): Record<string, string> {
  const properties: Record<string, string> = {};
  for (const pair of section.split(',')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    properties[pair.slice(0, eq).trim()] = unescapeProperty(pair.slice(eq + 1));
  }
  return properties;
}

/** Parses one line as a command, ignoring stop-commands state (see `scanCommands`). */
export function parseCommandLine(line: string, lineIndex = 0): WorkflowCommand | undefined {
  const trimmed = line.trimStart();
  if (!trimmed.startsWith('::')) return undefined;
  const end = trimmed.indexOf('::', 2);
  if (end < 0) return undefined;
  const section = trimmed.slice(2, end);
  const space = section.indexOf(' ');
  const name = space < 0 ? section : section.slice(0, space);
  if (name.length === 0) return undefined;
  return {
    name,
    properties: space < 0 ? {} : parseProperties(section.slice(space + 1)),
    message: unescapeData(trimmed.slice(end + 2)),
    line: lineIndex,
  };
}

/** The commands the runner would act on, honouring `stop-commands`. */
export function scanCommands(text: string): WorkflowCommand[] {
  const commands: WorkflowCommand[] = [];
  let resumeToken: string | undefined;
  splitLines(text).forEach((line, index) => {
    const command = parseCommandLine(line, index);
    if (!command) return;
    if (resumeToken !== undefined) {
      if (command.name === resumeToken && command.message === '') resumeToken = undefined;
      return;
    }
    if (command.name === 'stop-commands' && command.message !== '') resumeToken = command.message;
    commands.push(command);
  });
  return commands;
}

function emptyCommandSummary(): CommandSummary {
  return { errors: [], warnings: [], notices: [], debugs: [], masks: [], groups: [], other: [] };
}

export function summarizeCommands(
  commands: WorkflowCommand[],
  into = emptyCommandSummary(),
): CommandSummary {
  for (const command of commands) {
    const annotation = { message: command.message, properties: command.properties };
    switch (command.name) {
      case 'error':
        into.errors.push(annotation);
        break;
      case 'warning':
        into.warnings.push(annotation);
        break;
      case 'notice':
        into.notices.push(annotation);
        break;
      case 'debug':
        into.debugs.push(command.message);
        break;
      case 'add-mask':
        into.masks.push(command.message);
        break;
      case 'group':
        into.groups.push(command.message);
        break;
      default:
        into.other.push(command);
    }
  }
  return into;
}
