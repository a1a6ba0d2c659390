/**
 * Where the sandbox's control API lives, for the servers that mount it. Apart
 * from control.ts so that the package's public types bring in no Hono types.
 */
export const CONTROL_PREFIX = '/sandbox/';

/** A recording's path: WAV, or MP3 for a messenger call whose message came as MP3. */
export function recordingPath(systemcallid: string, contentType = 'audio/wav'): string {
  return `${CONTROL_PREFIX}recordings/${systemcallid}.${contentType === 'audio/mpeg' ? 'mp3' : 'wav'}`;
}
