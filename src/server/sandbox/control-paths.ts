/**
 * Where the sandbox's control API lives, for the servers that mount it. Apart
 * from control.ts so that the package's public types bring in no Hono types.
 */
export const CONTROL_PREFIX = '/sandbox/';

export function recordingPath(systemcallid: string): string {
  return `${CONTROL_PREFIX}recordings/${systemcallid}.wav`;
}
