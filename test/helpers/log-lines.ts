/** A pino logger whose lines (JSON text) land in `lines`, as the gateway would write them to stdout. */
import { pino, type Logger } from 'pino';

export function linesLogger(lines: string[], level: pino.LevelWithSilent = 'info'): Logger {
  return pino({ level }, { write: (line: string) => void lines.push(line) });
}

export const silentLogger = (): Logger => pino({ level: 'silent' });

/** The messages of the lines that are not a request's own line (refusals, failures), as text. */
export function eventMessages(lines: readonly string[]): string[] {
  return lines
    .map((line) => {
      try {
        return JSON.parse(line) as { msg?: unknown };
      } catch {
        return { msg: line };
      }
    })
    .filter((entry) => entry.msg !== 'request')
    .map((entry) => String(entry.msg));
}
