/**
 * The sandbox's speech engine (`POST /sandbox/tts`, and the messenger
 * process `Reminders` in-process): a text spoken by espeak-ng, as WAV.
 * espeak-ng runs as a child process, never on the event loop; a missing
 * binary is an answer that says what to install, not a failure.
 */
import { spawn } from 'node:child_process';
import { wavSeconds } from './audio.js';

/** Longer messages are refused: a reminder is a sentence or two, and espeak-ng's time grows with the text. */
export const MAX_SPOKEN_CHARACTERS = 2000;
/** Spoken at once at most; more wait their turn (each takes a core for a moment). */
const AT_ONCE = 2;
const SPEAK_TIMEOUT_MS = 10_000;
/** What a longest message makes is about 5 MB; more is not a reminder. */
const MAX_WAV_BYTES = 16 * 1024 * 1024;

export const ESPEAK_MISSING = 'espeak-ng is not installed on the sandbox machine: install it (apt-get install espeak-ng)';

export type Speech = { ok: true; wav: Buffer; seconds: number } | { ok: false; status: 400 | 503; error: string };

let speaking = 0;
const waiting: (() => void)[] = [];

async function turn<T>(work: () => Promise<T>): Promise<T> {
  if (speaking >= AT_ONCE) await new Promise<void>((resolve) => waiting.push(resolve));
  speaking++;
  try {
    return await work();
  } finally {
    speaking--;
    waiting.shift()?.();
  }
}

/**
 * espeak-ng writes its WAV to a pipe before it knows the length, so the header says "as long as can be"
 * (0x7ffff024); players that trust it read past the end. The RIFF and data sizes are set to what came.
 */
function withTrueSizes(wav: Buffer): Buffer {
  if (wav.length < 44 || wav.toString('latin1', 0, 4) !== 'RIFF' || wav.toString('latin1', 8, 12) !== 'WAVE') throw new Error('espeak-ng did not write WAV');
  wav.writeUInt32LE(wav.length - 8, 4);
  for (let at = 12; at + 8 <= wav.length; ) {
    const size = wav.readUInt32LE(at + 4);
    if (wav.toString('latin1', at, at + 4) === 'data') {
      wav.writeUInt32LE(wav.length - at - 8, at + 4);
      return wav;
    }
    at += 8 + size + (size % 2);
  }
  throw new Error('espeak-ng wrote WAV without its data');
}

function runEspeak(text: string, command: string): Promise<Speech> {
  return new Promise((resolve) => {
    // The text goes in on stdin, never as an argument: nothing in it can be read as an option.
    const child = spawn(command, ['--stdout', '-v', 'en', '--stdin'], { stdio: ['pipe', 'pipe', 'ignore'] });
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (speech: Speech) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(speech);
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      settle({ ok: false, status: 503, error: 'espeak-ng took too long to speak the text' });
    }, SPEAK_TIMEOUT_MS);
    child.on('error', (error: NodeJS.ErrnoException) =>
      settle({ ok: false, status: 503, error: error.code === 'ENOENT' ? ESPEAK_MISSING : `espeak-ng could not be started (${error.code ?? 'error'})` }),
    );
    child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_WAV_BYTES) {
        child.kill('SIGKILL');
        settle({ ok: false, status: 503, error: 'espeak-ng made more audio than a reminder needs' });
      } else chunks.push(chunk);
    });
    child.on('close', (code) => {
      if (code !== 0) return settle({ ok: false, status: 503, error: `espeak-ng failed (exit code ${code})` });
      try {
        const wav = withTrueSizes(Buffer.concat(chunks, size));
        settle({ ok: true, wav, seconds: wavSeconds(wav) ?? 0 });
      } catch (error) {
        settle({ ok: false, status: 503, error: (error as Error).message });
      }
    });
    child.stdin.on('error', () => undefined); // a child that died early: told by 'close' or 'error'
    child.stdin.end(text);
  });
}

/** `text` spoken as WAV; `command` is for tests (a binary that is not there). */
export function speak(text: unknown, command = 'espeak-ng'): Promise<Speech> {
  if (typeof text !== 'string' || text.trim() === '') return Promise.resolve({ ok: false, status: 400, error: 'text must be a non-empty string' });
  if (text.length > MAX_SPOKEN_CHARACTERS) return Promise.resolve({ ok: false, status: 400, error: `text must be at most ${MAX_SPOKEN_CHARACTERS} characters` });
  return turn(() => runEspeak(text, command));
}
