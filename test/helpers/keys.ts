import { sendKeys } from '@web/test-runner-commands';

/** WebKit's WebDriver presses one key at a time: no held modifiers. */
export const oneKeyAtATime = /AppleWebKit/.test(navigator.userAgent) && !/Chrome|Firefox/.test(navigator.userAgent);

/** Presses `Alt+Shift+KeyW` or `Control+End` as real keys; in WebKit, dispatches the same keydown where the focus is. */
export async function press(keys: string): Promise<void> {
  const modifiers = keys.split('+');
  const key = modifiers.pop()!;
  if (!modifiers.length) return sendKeys({ press: key });
  if (!oneKeyAtATime) {
    for (const modifier of modifiers) await sendKeys({ down: modifier });
    await sendKeys({ press: key });
    for (const modifier of modifiers.reverse()) await sendKeys({ up: modifier });
    return;
  }
  let focused: Element | null = document.activeElement;
  while (focused?.shadowRoot?.activeElement) focused = focused.shadowRoot.activeElement;
  const init = {
    code: key,
    key: key.startsWith('Key') ? key.slice(3).toLowerCase() : key,
    altKey: modifiers.includes('Alt'),
    shiftKey: modifiers.includes('Shift'),
    ctrlKey: modifiers.includes('Control'),
    metaKey: modifiers.includes('Meta'),
  };
  (focused ?? document.body).dispatchEvent(new KeyboardEvent('keydown', { ...init, bubbles: true, composed: true, cancelable: true }));
  // A real key press returns after a round trip: let what the keydown started (a render, a focus move) finish too.
  await new Promise((resolve) => setTimeout(resolve, 0));
}
