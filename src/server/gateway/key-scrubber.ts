/**
 * Keeps the organisation key out of what the gateway answers, in any of the
 * spellings a wire gives it (as it is, URL-encoded, form-encoded, inside a
 * JSON string). It scrubs what Jodo wrote, not what the caller sent: a value
 * of the caller's own that Jodo echoes back is passed back as the caller
 * wrote it. Otherwise a caller could send a guess of the key and see it come
 * back as `[key]` only when it is right: a thousand guesses per request.
 */
export const KEY_MARK = '[key]';

/** Every string the caller sent, anywhere in the request, but the key the gateway itself put in (its top-level `apikey`). */
function callerStrings(request: unknown, into: Set<string>, top = true): Set<string> {
  if (typeof request === 'string') into.add(request);
  else if (typeof request === 'object' && request !== null) {
    for (const [field, value] of Object.entries(request)) if (!(top && field === 'apikey')) callerStrings(value, into, false);
  }
  return into;
}

/** `scrub(answer, sent)`: the answer without the key, `sent` being the request forwarded (the caller's, with the gateway's key as its `apikey`). */
export function keyScrubber(apikey: string): (answer: string, sent: Record<string, unknown>) => string {
  const spellings = [...new Set([apikey, encodeURIComponent(apikey), new URLSearchParams({ k: apikey }).toString().slice(2), JSON.stringify(apikey).slice(1, -1)])].filter(Boolean);
  const holdsKey = (text: string) => spellings.some((spelling) => text.includes(spelling));
  const scrub = (text: string) => (holdsKey(text) ? spellings.reduce((out, spelling) => out.split(spelling).join(KEY_MARK), text) : text);

  return (answer, sent) => {
    if (!holdsKey(answer)) return answer;
    // The caller's own strings that hold a spelling of the key (a guess, right or not), as they appear in JSON text.
    const echoes = [...callerStrings(sent, new Set())]
      .map((value) => JSON.stringify(value).slice(1, -1))
      .filter((echo) => echo && holdsKey(echo))
      .sort((a, b) => b.length - a.length);
    if (!echoes.length) return scrub(answer);
    // Scrub around the echoes, each passed back untouched.
    let out = '';
    let rest = answer;
    while (rest) {
      let at = -1;
      let echo = '';
      for (const candidate of echoes) {
        const found = rest.indexOf(candidate);
        if (found !== -1 && (at === -1 || found < at)) [at, echo] = [found, candidate];
      }
      if (at === -1) return out + scrub(rest);
      out += scrub(rest.slice(0, at)) + echo;
      rest = rest.slice(at + echo.length);
    }
    return out;
  };
}
