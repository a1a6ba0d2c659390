/**
 * Recordings the sandbox serves: real WAV files (8 kHz, 16-bit mono PCM),
 * made from the systemcallid so the same call always sounds the same: a
 * ring-back tone, the call's last digits as DTMF, then a gentle two-tone hum.
 */
const RATE = 8000;
const DTMF: Record<string, [number, number]> = {
  '1': [697, 1209], '2': [697, 1336], '3': [697, 1477], '4': [770, 1209], '5': [770, 1336],
  '6': [770, 1477], '7': [852, 1209], '8': [852, 1336], '9': [852, 1477], '0': [941, 1336],
};

export function makeRecording(systemcallid: string, seconds: number): Uint8Array<ArrayBuffer> {
  const samples = Math.round(RATE * seconds);
  const wav = new Uint8Array(44 + samples * 2);
  const view = new DataView(wav.buffer);
  const ascii = (offset: number, text: string) => [...text].forEach((c, i) => view.setUint8(offset + i, c.charCodeAt(0)));
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + samples * 2, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, RATE, true);
  view.setUint32(28, RATE * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  ascii(36, 'data');
  view.setUint32(40, samples * 2, true);

  const digits = systemcallid.replace(/\D/g, '').slice(-6);
  const toneAt = (t: number): [number, number] | undefined => {
    if (t < 1) return t % 0.5 < 0.35 ? [440, 480] : undefined;
    const slot = Math.floor((t - 1) / 0.2);
    if (slot < digits.length) return (t - 1) % 0.2 < 0.13 ? DTMF[digits[slot]!] : undefined;
    return [220 + (Number(digits.at(-1) ?? 0) * 11), 330];
  };
  for (let i = 0; i < samples; i++) {
    const t = i / RATE;
    const tone = toneAt(t);
    const fade = Math.min(1, (samples - i) / (RATE * 0.05));
    const value = tone ? (Math.sin(2 * Math.PI * tone[0] * t) + Math.sin(2 * Math.PI * tone[1] * t)) * 0.25 * fade : 0;
    view.setInt16(44 + i * 2, Math.round(value * 32767), true);
  }
  return wav;
}

/** How long a WAV file plays, from its `fmt ` and `data` chunks; undefined for anything else. */
export function wavSeconds(bytes: Uint8Array): number | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));
  if (bytes.length < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') return undefined;
  let byteRate: number | undefined;
  for (let at = 12; at + 8 <= bytes.length; ) {
    const size = view.getUint32(at + 4, true);
    if (tag(at) === 'fmt ' && at + 20 <= bytes.length) byteRate = view.getUint32(at + 16, true);
    if (tag(at) === 'data') return byteRate ? Math.min(size, bytes.length - at - 8) / byteRate : undefined;
    at += 8 + size + (size % 2);
  }
  return undefined;
}

/** Layer III bitrates in kbit/s by index: MPEG-1, then MPEG-2 and 2.5. */
const MP3_KBPS = [
  [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
];

/** How long an MP3 plays, from its first frame's bitrate (exact for constant bitrate, which speech engines write); undefined if none is found. */
export function mp3Seconds(bytes: Uint8Array): number | undefined {
  let at = 0;
  // An ID3v2 tag first: its size is four 7-bit bytes.
  if (bytes.length >= 10 && bytes[0] === 0x49 && bytes[1] === 0x44 && bytes[2] === 0x33) {
    at = 10 + (((bytes[6]! & 0x7f) << 21) | ((bytes[7]! & 0x7f) << 14) | ((bytes[8]! & 0x7f) << 7) | (bytes[9]! & 0x7f));
  }
  for (const end = Math.min(bytes.length - 3, at + 64 * 1024); at < end; at++) {
    if (bytes[at] !== 0xff || (bytes[at + 1]! & 0xe0) !== 0xe0) continue;
    const version = (bytes[at + 1]! >> 3) & 3; // 3: MPEG-1, 2: MPEG-2, 0: MPEG-2.5, 1: reserved
    const layer = (bytes[at + 1]! >> 1) & 3; // 1: Layer III
    const kbps = MP3_KBPS[version === 3 ? 0 : 1]![bytes[at + 2]! >> 4];
    if (version === 1 || layer !== 1 || !kbps) continue;
    return ((bytes.length - at) * 8) / (kbps * 1000);
  }
  return undefined;
}
