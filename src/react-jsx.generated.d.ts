import type { JodoCallGuide } from "./elements/call-guide/call-guide.js";
import type { JodoClickToCall } from "./elements/click-to-call/click-to-call.js";
import type { JodoDiagnostics } from "./elements/diagnostics/diagnostics.js";
import type { JodoDisposition } from "./elements/disposition/disposition.js";
import type { JodoMessenger } from "./elements/messenger/messenger.js";
import type { JodoOutbox } from "./elements/outbox/outbox.js";
import type { JodoProvider } from "./elements/provider/provider.js";
import type { JodoRecordingPlayer } from "./elements/recording-player/recording-player.js";
import type { JodoStatus } from "./elements/status/status.js";
import type { JodoTeamBoard } from "./elements/team-board/team-board.js";
import type { JodoToolbar } from "./elements/toolbar/toolbar.js";

/**
 * This type can be used to create scoped tags for your components.
 *
 * Usage:
 *
 * ```ts
 * import type { ScopedElements } from "path/to/library/jsx-integration";
 *
 * declare module "my-library" {
 *   namespace JSX {
 *     interface IntrinsicElements
 *       extends ScopedElements<'test-', ''> {}
 *   }
 * }
 * ```
 *
 */
export type ScopedElements<Prefix extends string = "", Suffix extends string = ""> = {
  [Key in keyof CustomElements as `${Prefix}${Key}${Suffix}`]: CustomElements[Key];
};

type BaseProps = {
  /** Content added between the opening and closing tags of the element */
  children?: any;
  /** Used for declaratively styling one or more elements using CSS (Cascading Stylesheets) */
  class?: string;
  /** Used for declaratively styling one or more elements using CSS (Cascading Stylesheets) */
  className?: string;
  /** Takes an object where the key is the class name(s) and the value is a boolean expression. When true, the class is applied, and when false, it is removed. */
  classList?: Record<string, boolean | undefined>;
  /** Specifies the text direction of the element. */
  dir?: "ltr" | "rtl";
  /** Contains a space-separated list of the part names of the element that should be exposed on the host element. */
  exportparts?: string;
  /** For <label> and <output>, lets you associate the label with some control. */
  htmlFor?: string;
  /** Specifies whether the element should be hidden. */
  hidden?: boolean | string;
  /** A unique identifier for the element. */
  id?: string;
  /** Keys tell React which array item each component corresponds to */
  key?: string | number;
  /** Specifies the language of the element. */
  lang?: string;
  /** Contains a space-separated list of the part names of the element. Part names allows CSS to select and style specific elements in a shadow tree via the ::part pseudo-element. */
  part?: string;
  /** Use the ref attribute with a variable to assign a DOM element to the variable once the element is rendered. */
  ref?: unknown | ((e: unknown) => void);
  /** Adds a reference for a custom element slot */
  slot?: string;
  /** Prop for setting inline styles */
  style?: Record<string, string | number>;
  /** Overrides the default Tab button behavior. Avoid using values other than -1 and 0. */
  tabIndex?: number;
  /** Specifies the tooltip text for the element. */
  title?: string;
  /** Passing 'no' excludes the element content from being translated. */
  translate?: "yes" | "no";
};

type BaseEvents = {};

export type JodoCallGuideProps = {
  /** Looks the customer up by this customer code instead of the provider's call. */
  customercode?: JodoCallGuide["customercode"];
  /** Looks the customer up by this CRM key instead of the provider's call. */
  crmuniquefield?: JodoCallGuide["crmuniquefield"];
  /** Looks the customer up by this mobile number instead of the provider's call. */
  mobilenumber?: JodoCallGuide["mobilenumber"];
  /** The form's fields; the default template (name, mobile number, e-mail, codes, then the record's other fields read-only) when unset. */
  template?: JodoCallGuide["template"];
  /** The form's fields as a JSON array of `{ key, label, type, editable }`; the `template` property wins. */
  templateJson?: JodoCallGuide["templateJson"];
  /** The call script; `{{field}}` placeholders are filled, as text, from the form's current values. */
  script?: JodoCallGuide["script"];
  /** Voice In by default: what a record pushed from an inbound call is filed under. */
  media?: JodoCallGuide["media"];
  /** The agent saved the customer; `detail` is `{ record, created }` (the fields sent, and whether the customer was new). */
  "onjodo-customer-saved"?: (e: CustomEvent<never>) => void;
};

export type JodoClickToCallProps = {
  /** Digits put before national numbers (`0`); the provider's `domestic-prefix` (else none) when empty. */
  "domestic-prefix"?: JodoClickToCall["domesticPrefix"];
  /** The deployment's country calling code (`91`), whose numbers are dialled as national ones; the provider's `country-code` when empty. */
  "country-code"?: JodoClickToCall["countryCode"];
  /** The number to call, as written (spaces, dashes, a `+`…); the element's text when empty. */
  number?: JodoClickToCall["number"];
  /** Finds the phone numbers in the element's content and makes each a click-to-call. */
  scan?: JodoClickToCall["scan"];
  /** `gsm` dials international numbers with `+`, `telco` with `00`; the provider's `trunk` (else `gsm`) when empty. */
  trunk?: JodoClickToCall["trunk"];
  /** Digits put before national numbers (`0`); the provider's `domestic-prefix` (else none) when empty. */
  domesticPrefix?: JodoClickToCall["domesticPrefix"];
  /** The deployment's country calling code (`91`), whose numbers are dialled as national ones; the provider's `country-code` when empty. */
  countryCode?: JodoClickToCall["countryCode"];
  /** The customer's name, sent with the number (Jodo's call guide shows it). */
  name?: JodoClickToCall["name"];
  /** The customer's Jodo customer code: the record is updated on it rather than on the number. */
  customercode?: JodoClickToCall["customercode"];
  /** The customer's CRM key (a policy number): the record is updated on it rather than on the number. */
  crmuniquefield?: JodoClickToCall["crmuniquefield"];
  /** About to ask Jodo to dial; `detail` is `{ written, number, login }` (`number` as sent). Cancelable: `preventDefault()` sends nothing. */
  "onjodo-dial"?: (e: CustomEvent<never>) => void;
  /** Jodo answered; `detail` is `{ written, number, login, ok, message? }`, `message` saying why not when `ok` is false. */
  "onjodo-dial-result"?: (e: CustomEvent<never>) => void;
};

export type JodoDiagnosticsProps = {};

export type JodoDispositionProps = {
  /** How many days ahead a callback may be set (the process's window in Jodo). */
  "callback-window-days"?: JodoDisposition["callbackWindowDays"];
  /** The outcomes: masters with their reasons. Also a JSON attribute. */
  dispositions?: JodoDisposition["dispositions"];
  /** Whether the form is open. It opens itself when the agent enters Wrapup. */
  open?: JodoDisposition["open"];
  /** How many days ahead a callback may be set (the process's window in Jodo). */
  callbackWindowDays?: JodoDisposition["callbackWindowDays"];
  /** The call's media by name or id (`Voice In`, `12`); the agent can change it. */
  media?: JodoDisposition["media"];
  /** Before sending; cancelable. `detail.request` is the saveDisposition request. */
  "onjodo-disposition-submit"?: (e: CustomEvent<never>) => void;
  /** Jodo saved the wrap-up. `detail.request` is what was sent. */
  "onjodo-disposition-saved"?: (e: CustomEvent<never>) => void;
};

export type JodoMessengerProps = {
  /** Records per ImportProcessData request (1 to 10,000). */
  "batch-size"?: JodoMessenger["batchSize"];
  /** The customers, for frameworks: records of `name`, `mobilenumber` and any field of the process's form. Wins over pasted CSV. */
  contacts?: JodoMessenger["contacts"];
  /** The customers as CSV with a header row: what the text area holds (a page may fill it in). */
  csv?: JodoMessenger["csv"];
  /** The messenger process (servicekey) to send to; the provider's by default. */
  servicekey?: JodoMessenger["servicekey"];
  /** Records per ImportProcessData request (1 to 10,000). */
  batchSize?: JodoMessenger["batchSize"];
  /** Jodo has every batch of a send. `detail`: `{ id, servicekey, leads }`. */
  "onjodo-messenger-sent"?: (e: CustomEvent<never>) => void;
};

export type JodoOutboxProps = {
  /** Set while nothing waits, so the element takes no room in a toolbar. */
  empty?: JodoOutbox["empty"];
};

export type JodoProviderProps = {
  /** Behind the gateway: where to ask who is signed in (e.g. `/jodo/session`).
Its answer's `login` (and first servicekey) is used when `login`
(`servicekey`) is not set, so a page needs no per-agent markup; a
supervisor's `team` is what a team board shows when given no logins.
When the answer names the gateway's event stream (`events`), the tab that
polls holds that stream instead of polling while it carries the states,
and polls again where it ends (pages signing in with a bearer token keep
polling: EventSource cannot send one).
An answer that is not a session is ignored, with a console warning; a
provider moved in the page before the answer came asks again. */
  "session-url"?: JodoProvider["sessionUrl"];
  /** Where the agent's bearer token comes from when the CRM signs agents in: a same-origin URL
answering `{ "token": "…", "expires_in": seconds }` (or `access_token`). See above. */
  "token-url"?: JodoProvider["tokenUrl"];
  /** How often agent states are polled while the agent is on a call (Dialling, Talking, Hold, Wrapup…), in ms (at least 250). */
  "poll-interval"?: JodoProvider["pollInterval"];
  /** How often agent states are polled while every agent shown is Ready or idle, in ms; twice `poll-interval` when unset. */
  "idle-poll-interval"?: JodoProvider["idlePollInterval"];
  /** Takes the current call from the page's address (hash, else query), for dialers that open the CRM
page per call; read again when the address changes. A bad value is refused whole, with a notice. */
  "call-from-url"?: JodoProvider["callFromUrl"];
  /** With `call-from-url`: JSON naming the address's parameter for each field the defaults do not fit,
e.g. `{"mobilenumber":"ani","systemcallid":"callid"}`; `mobilenumber`, `systemcallid`, `sessionid`
and `servicekey` otherwise. */
  "call-params"?: JodoProvider["callParams"];
  /** Digits the trunk needs before a national number (`0`), for `<jodo-click-to-call>`; none by default. */
  "domestic-prefix"?: JodoProvider["domesticPrefix"];
  /** The deployment's country calling code (`91`), for `<jodo-click-to-call>`: its numbers are dialled as national ones. */
  "country-code"?: JodoProvider["countryCode"];
  /** URL of the Jodo endpoint (`handleCustomerWS`) or of the gateway's same-origin path. */
  endpoint?: JodoProvider["endpoint"];
  /** The organisation key, for the sandbox and local development only: it is
used on `localhost`/`127.0.0.1` pages and refused anywhere else, where
the gateway adds it and the page never holds it. */
  apikey?: JodoProvider["apikey"];
  /** The signed-in agent's Jodo login. */
  login?: JodoProvider["login"];
  /** The process (servicekey) the agent works in. */
  servicekey?: JodoProvider["servicekey"];
  /** Behind the gateway: where to ask who is signed in (e.g. `/jodo/session`).
Its answer's `login` (and first servicekey) is used when `login`
(`servicekey`) is not set, so a page needs no per-agent markup; a
supervisor's `team` is what a team board shows when given no logins.
When the answer names the gateway's event stream (`events`), the tab that
polls holds that stream instead of polling while it carries the states,
and polls again where it ends (pages signing in with a bearer token keep
polling: EventSource cannot send one).
An answer that is not a session is ignored, with a console warning; a
provider moved in the page before the answer came asks again. */
  sessionUrl?: JodoProvider["sessionUrl"];
  /** Where the agent's bearer token comes from when the CRM signs agents in: a same-origin URL
answering `{ "token": "…", "expires_in": seconds }` (or `access_token`). See above. */
  tokenUrl?: JodoProvider["tokenUrl"];
  /** For frameworks: a function giving the agent's bearer token (or a Promise of it), called when a
token is needed; `refresh` is true once the gateway refused the last one. Wins over `token-url`. */
  getToken?: JodoProvider["getToken"];
  /** How often agent states are polled while the agent is on a call (Dialling, Talking, Hold, Wrapup…), in ms (at least 250). */
  pollInterval?: JodoProvider["pollInterval"];
  /** How often agent states are polled while every agent shown is Ready or idle, in ms; twice `poll-interval` when unset. */
  idlePollInterval?: JodoProvider["idlePollInterval"];
  /** A client the page built itself (with a gateway's headers, say); wins over `endpoint`. */
  client?: JodoProvider["client"];
  /** The current call's customer number. */
  mobilenumber?: JodoProvider["mobilenumber"];
  /** The current call's Jodo customer code. */
  customercode?: JodoProvider["customercode"];
  /** The current call's CRM key (a policy number, say). */
  crmuniquefield?: JodoProvider["crmuniquefield"];
  /** The current call's id, for its recording and its disposition. */
  systemcallid?: JodoProvider["systemcallid"];
  /** The current call's Jodo session id, when the dialer gives one. */
  sessionid?: JodoProvider["sessionid"];
  /** Takes the current call from the page's address (hash, else query), for dialers that open the CRM
page per call; read again when the address changes. A bad value is refused whole, with a notice. */
  callFromUrl?: JodoProvider["callFromUrl"];
  /** With `call-from-url`: JSON naming the address's parameter for each field the defaults do not fit,
e.g. `{"mobilenumber":"ani","systemcallid":"callid"}`; `mobilenumber`, `systemcallid`, `sessionid`
and `servicekey` otherwise. */
  callParams?: JodoProvider["callParams"];
  /** How the page's trunk dials international numbers, for `<jodo-click-to-call>`: `gsm` (with `+`, the default) or `telco` (with `00`). */
  trunk?: JodoProvider["trunk"];
  /** Digits the trunk needs before a national number (`0`), for `<jodo-click-to-call>`; none by default. */
  domesticPrefix?: JodoProvider["domesticPrefix"];
  /** The deployment's country calling code (`91`), for `<jodo-click-to-call>`: its numbers are dialled as national ones. */
  countryCode?: JodoProvider["countryCode"];
  /** The current call as one object; setting it replaces all its fields. */
  call?: JodoProvider["call"];
};

export type JodoRecordingPlayerProps = {
  /** One call's id (customer_recording). Ignored while `systemcallids` holds ids. */
  systemcallid?: JodoRecordingPlayer["systemcallid"];
  /** Several calls' ids (customer_multiple_recordings), shown as a list. As an
attribute, separated by commas or spaces; as a property, an array. */
  systemcallids?: JodoRecordingPlayer["systemcallids"];
  /** Jodo's session id of the call(s), when the page knows it; optional. */
  sessionid?: JodoRecordingPlayer["sessionid"];
  /** The process the call(s) were made in, when not the provider's (a messenger process's reminders, say). */
  servicekey?: JodoRecordingPlayer["servicekey"];
};

export type JodoStatusProps = {
  /** The agent to show; the provider's signed-in agent when empty. */
  login?: JodoStatus["login"];
  /** The agent's state changed from one known state to another; `detail` is `{ login, previous, current }`. Not fired for the first state seen (read `state`). */
  "onjodo-status-change"?: (e: CustomEvent<never>) => void;
};

export type JodoTeamBoardProps = {
  /** The agents to show: a list, or text of logins separated by commas or spaces. Empty: the signed-in supervisor's team. */
  logins?: JodoTeamBoard["logins"];
  /** Seconds after which an agent's time in a state is marked, per state:
JSON such as `{"Wrapup": 60, "Hold": 120}` (the default), by state name or code. */
  thresholds?: JodoTeamBoard["thresholds"];
  /** Offer reallocation (reallocatedata) of a contact from each agent's row. */
  reallocate?: JodoTeamBoard["reallocate"];
  /** The supervisor confirmed a reallocation; `detail` is `{ contactnumber, from, to, customercode?, calldatetime? }`. Cancel it and nothing is sent. */
  "onjodo-reallocate"?: (e: CustomEvent<never>) => void;
  /** Jodo reallocated the contact; same `detail`. */
  "onjodo-reallocated"?: (e: CustomEvent<never>) => void;
};

export type JodoToolbarProps = {
  /** How many days ahead a callback may be set. */
  "callback-window-days"?: JodoToolbar["callbackWindowDays"];
  /** Dock the bar to the page's `bottom` or `top` edge; not docked when empty. */
  dock?: JodoToolbar["dock"];
  /** The wrap-up outcomes (masters and reasons), passed to `<jodo-disposition>`. Also a JSON attribute. */
  dispositions?: JodoToolbar["dispositions"];
  /** The call guide's form template (the `template` attribute takes it as JSON, checked by the call guide). */
  template?: JodoToolbar["template"];
  /** The `template` attribute as written, handed to `<jodo-call-guide>` to read and check. */
  templateJson?: JodoToolbar["templateJson"];
  /** The call guide's script with `{{field}}` placeholders. */
  script?: JodoToolbar["script"];
  /** How many days ahead a callback may be set. */
  callbackWindowDays?: JodoToolbar["callbackWindowDays"];
  /** Keyboard shortcuts, as JSON: `{"open-wrapup": "Ctrl+Alt+W", "help": false}` changes or turns off
actions (`open-wrapup`, `save-wrapup`, `toggle-recording`, `customer-panel`, `help`; defaults
Alt+Shift+W, S, P, C and K); `false` turns all of them off. */
  shortcuts?: JodoToolbar["shortcuts"];
  /** From the bar's `<jodo-status>`. */
  "onjodo-status-change"?: (e: CustomEvent<never>) => void;
  /** From the wrap-up form; cancelable. */
  "onjodo-disposition-submit"?: (e: CustomEvent<never>) => void;
  /** From the wrap-up form. */
  "onjodo-disposition-saved"?: (e: CustomEvent<never>) => void;
  /** From the call guide. */
  "onjodo-customer-saved"?: (e: CustomEvent<never>) => void;
};

export type CustomElements = {
  /**
   * The current caller's customer record, a call script, and a form to update or create the customer.
   * ---
   *
   *
   * ### **Events:**
   *  - **jodo-customer-saved** - The agent saved the customer; `detail` is `{ record, created }` (the fields sent, and whether the customer was new).
   *
   * ### **CSS Properties:**
   *  - **--jodo-call-guide-field-width** - The narrowest a form column gets before fields stack. _(default: 14rem)_
   * - **--jodo-font** - Font family of every element. _(default: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif)_
   * - **--jodo-font-size** - Base font size; everything else scales with it. _(default: 0.875rem)_
   * - **--jodo-space** - The spacing unit (gaps and padding are multiples of it). _(default: 0.5rem)_
   * - **--jodo-radius** - Corner radius of panels, fields and buttons. _(default: 6px)_
   * - **--jodo-surface** - Background of panels and fields. _(default: #ffffff (dark: #1b1f27))_
   * - **--jodo-surface-raised** - Background of buttons, headers and raised areas. _(default: #f4f6fa (dark: #252a35))_
   * - **--jodo-text** - Text colour. _(default: #1d2433 (dark: #e8ebf1))_
   * - **--jodo-muted** - Secondary text (hints, times, counts). _(default: #545d6e (dark: #a9b1c1))_
   * - **--jodo-border** - Borders of fields, buttons and panels. _(default: #7d8696 (dark: #737c8f))_
   * - **--jodo-accent** - Primary buttons, links, the current row and filled values: the brand colour. _(default: #1746a2 (dark: #8fb2ff))_
   * - **--jodo-on-accent** - Text on the accent colour. _(default: #ffffff (dark: #0b1430))_
   * - **--jodo-danger** - Errors and refusals. _(default: #b42318 (dark: #ff9b91))_
   * - **--jodo-success** - Confirmations (saved, sent). _(default: #0b6b30 (dark: #79d49a))_
   * - **--jodo-focus-ring** - The keyboard focus outline. _(default: #1a5fd6 (dark: #8fb2ff))_
   * - **--jodo-on-state** - Text on the agent-state colours (each state default passes 4.5:1 with it). _(default: #1d2433)_
   * - **--jodo-shadow** - Shadow of the docked toolbar. _(default: 0 -2px 12px rgb(0 0 0 / 12%) (dark: 0 -2px 12px rgb(0 0 0 / 60%)))_
   * - **--jodo-board-height** - Height of the team board's list of agents, which scrolls within it (only the rows in view are in the page); `none` lets the page scroll and puts every row in the page. _(default: 28rem)_
   * - **--jodo-color-scheme** - The `color-scheme` of native controls inside the elements (audio, date pickers, scroll bars). _(default: light dark)_
   *
   * ### **CSS Parts:**
   *  - **base** - The guide (or the message shown instead of it).
   * - **header** - The customer's name and how it was found.
   * - **script** - The filled call script.
   * - **script-value** - A value filled into the script.
   * - **script-missing** - A placeholder with no value, shown as `[field]`.
   * - **form** - The form of the customer's fields.
   * - **field** - One labelled field.
   * - **field-error** - A field's problem.
   * - **save** - The save (or create) button.
   * - **undo** - The "Undo changes" button.
   * - **retry** - The "Try again" button of a failed lookup.
   */
  "jodo-call-guide": Partial<JodoCallGuideProps & BaseProps & BaseEvents>;

  /**
   * A phone number the agent calls with one click, or every number in a part of the page.
   * ---
   *
   *
   * ### **Events:**
   *  - **jodo-dial** - About to ask Jodo to dial; `detail` is `{ written, number, login }` (`number` as sent). Cancelable: `preventDefault()` sends nothing.
   * - **jodo-dial-result** - Jodo answered; `detail` is `{ written, number, login, ok, message? }`, `message` saying why not when `ok` is false.
   *
   * ### **Slots:**
   *  - _default_ - The number as text (when `number` is not set), or what to show instead of it; with `scan`, the content whose numbers become calls.
   *
   * ### **CSS Properties:**
   *  - **--jodo-font** - Font family of every element. _(default: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif)_
   * - **--jodo-font-size** - Base font size; everything else scales with it. _(default: 0.875rem)_
   * - **--jodo-space** - The spacing unit (gaps and padding are multiples of it). _(default: 0.5rem)_
   * - **--jodo-radius** - Corner radius of panels, fields and buttons. _(default: 6px)_
   * - **--jodo-surface** - Background of panels and fields. _(default: #ffffff (dark: #1b1f27))_
   * - **--jodo-surface-raised** - Background of buttons, headers and raised areas. _(default: #f4f6fa (dark: #252a35))_
   * - **--jodo-text** - Text colour. _(default: #1d2433 (dark: #e8ebf1))_
   * - **--jodo-muted** - Secondary text (hints, times, counts). _(default: #545d6e (dark: #a9b1c1))_
   * - **--jodo-border** - Borders of fields, buttons and panels. _(default: #7d8696 (dark: #737c8f))_
   * - **--jodo-accent** - Primary buttons, links, the current row and filled values: the brand colour. _(default: #1746a2 (dark: #8fb2ff))_
   * - **--jodo-on-accent** - Text on the accent colour. _(default: #ffffff (dark: #0b1430))_
   * - **--jodo-danger** - Errors and refusals. _(default: #b42318 (dark: #ff9b91))_
   * - **--jodo-success** - Confirmations (saved, sent). _(default: #0b6b30 (dark: #79d49a))_
   * - **--jodo-focus-ring** - The keyboard focus outline. _(default: #1a5fd6 (dark: #8fb2ff))_
   * - **--jodo-on-state** - Text on the agent-state colours (each state default passes 4.5:1 with it). _(default: #1d2433)_
   * - **--jodo-shadow** - Shadow of the docked toolbar. _(default: 0 -2px 12px rgb(0 0 0 / 12%) (dark: 0 -2px 12px rgb(0 0 0 / 60%)))_
   * - **--jodo-board-height** - Height of the team board's list of agents, which scrolls within it (only the rows in view are in the page); `none` lets the page scroll and puts every row in the page. _(default: 28rem)_
   * - **--jodo-color-scheme** - The `color-scheme` of native controls inside the elements (audio, date pickers, scroll bars). _(default: light dark)_
   *
   * ### **CSS Parts:**
   *  - **base** - The control and its message.
   * - **button** - The button that places the call.
   * - **icon** - The phone icon.
   * - **label** - The number (or the slotted text), always left to right.
   * - **message** - Progress, success or why the call was not placed.
   */
  "jodo-click-to-call": Partial<JodoClickToCallProps & BaseProps & BaseEvents>;

  /**
   * Connection, clock, outbox and versions, and a support report.
   * ---
   *
   *
   * ### **CSS Properties:**
   *  - **--jodo-font** - Font family of every element. _(default: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif)_
   * - **--jodo-font-size** - Base font size; everything else scales with it. _(default: 0.875rem)_
   * - **--jodo-space** - The spacing unit (gaps and padding are multiples of it). _(default: 0.5rem)_
   * - **--jodo-radius** - Corner radius of panels, fields and buttons. _(default: 6px)_
   * - **--jodo-surface** - Background of panels and fields. _(default: #ffffff (dark: #1b1f27))_
   * - **--jodo-surface-raised** - Background of buttons, headers and raised areas. _(default: #f4f6fa (dark: #252a35))_
   * - **--jodo-text** - Text colour. _(default: #1d2433 (dark: #e8ebf1))_
   * - **--jodo-muted** - Secondary text (hints, times, counts). _(default: #545d6e (dark: #a9b1c1))_
   * - **--jodo-border** - Borders of fields, buttons and panels. _(default: #7d8696 (dark: #737c8f))_
   * - **--jodo-accent** - Primary buttons, links, the current row and filled values: the brand colour. _(default: #1746a2 (dark: #8fb2ff))_
   * - **--jodo-on-accent** - Text on the accent colour. _(default: #ffffff (dark: #0b1430))_
   * - **--jodo-danger** - Errors and refusals. _(default: #b42318 (dark: #ff9b91))_
   * - **--jodo-success** - Confirmations (saved, sent). _(default: #0b6b30 (dark: #79d49a))_
   * - **--jodo-focus-ring** - The keyboard focus outline. _(default: #1a5fd6 (dark: #8fb2ff))_
   * - **--jodo-on-state** - Text on the agent-state colours (each state default passes 4.5:1 with it). _(default: #1d2433)_
   * - **--jodo-shadow** - Shadow of the docked toolbar. _(default: 0 -2px 12px rgb(0 0 0 / 12%) (dark: 0 -2px 12px rgb(0 0 0 / 60%)))_
   * - **--jodo-board-height** - Height of the team board's list of agents, which scrolls within it (only the rows in view are in the page); `none` lets the page scroll and puts every row in the page. _(default: 28rem)_
   * - **--jodo-color-scheme** - The `color-scheme` of native controls inside the elements (audio, date pickers, scroll bars). _(default: light dark)_
   *
   * ### **CSS Parts:**
   *  - **base** - The frame.
   * - **warning** - The clock-skew warning.
   * - **requests** - The table of the last requests.
   * - **copy** - The "Copy support report" button.
   * - **download** - The "Download" button.
   */
  "jodo-diagnostics": Partial<JodoDiagnosticsProps & BaseProps & BaseEvents>;

  /**
   * Capture the disposition of a call.
   * ---
   *
   *
   * ### **Events:**
   *  - **jodo-disposition-submit** - Before sending; cancelable. `detail.request` is the saveDisposition request.
   * - **jodo-disposition-saved** - Jodo saved the wrap-up. `detail.request` is what was sent.
   *
   * ### **CSS Properties:**
   *  - **--jodo-font** - Font family of every element. _(default: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif)_
   * - **--jodo-font-size** - Base font size; everything else scales with it. _(default: 0.875rem)_
   * - **--jodo-space** - The spacing unit (gaps and padding are multiples of it). _(default: 0.5rem)_
   * - **--jodo-radius** - Corner radius of panels, fields and buttons. _(default: 6px)_
   * - **--jodo-surface** - Background of panels and fields. _(default: #ffffff (dark: #1b1f27))_
   * - **--jodo-surface-raised** - Background of buttons, headers and raised areas. _(default: #f4f6fa (dark: #252a35))_
   * - **--jodo-text** - Text colour. _(default: #1d2433 (dark: #e8ebf1))_
   * - **--jodo-muted** - Secondary text (hints, times, counts). _(default: #545d6e (dark: #a9b1c1))_
   * - **--jodo-border** - Borders of fields, buttons and panels. _(default: #7d8696 (dark: #737c8f))_
   * - **--jodo-accent** - Primary buttons, links, the current row and filled values: the brand colour. _(default: #1746a2 (dark: #8fb2ff))_
   * - **--jodo-on-accent** - Text on the accent colour. _(default: #ffffff (dark: #0b1430))_
   * - **--jodo-danger** - Errors and refusals. _(default: #b42318 (dark: #ff9b91))_
   * - **--jodo-success** - Confirmations (saved, sent). _(default: #0b6b30 (dark: #79d49a))_
   * - **--jodo-focus-ring** - The keyboard focus outline. _(default: #1a5fd6 (dark: #8fb2ff))_
   * - **--jodo-on-state** - Text on the agent-state colours (each state default passes 4.5:1 with it). _(default: #1d2433)_
   * - **--jodo-shadow** - Shadow of the docked toolbar. _(default: 0 -2px 12px rgb(0 0 0 / 12%) (dark: 0 -2px 12px rgb(0 0 0 / 60%)))_
   * - **--jodo-board-height** - Height of the team board's list of agents, which scrolls within it (only the rows in view are in the page); `none` lets the page scroll and puts every row in the page. _(default: 28rem)_
   * - **--jodo-color-scheme** - The `color-scheme` of native controls inside the elements (audio, date pickers, scroll bars). _(default: light dark)_
   *
   * ### **CSS Parts:**
   *  - **base** - The open form's frame.
   * - **opener** - The button that opens the form, and closes it while it is open (it stays, pressed).
   * - **submit** - The save button.
   */
  "jodo-disposition": Partial<JodoDispositionProps & BaseProps & BaseEvents>;

  /**
   * Voice reminders to a list of customers, followed until called.
   * ---
   *
   *
   * ### **Events:**
   *  - **jodo-messenger-sent** - Jodo has every batch of a send. `detail`: `{ id, servicekey, leads }`.
   *
   * ### **CSS Properties:**
   *  - **--jodo-font** - Font family of every element. _(default: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif)_
   * - **--jodo-font-size** - Base font size; everything else scales with it. _(default: 0.875rem)_
   * - **--jodo-space** - The spacing unit (gaps and padding are multiples of it). _(default: 0.5rem)_
   * - **--jodo-radius** - Corner radius of panels, fields and buttons. _(default: 6px)_
   * - **--jodo-surface** - Background of panels and fields. _(default: #ffffff (dark: #1b1f27))_
   * - **--jodo-surface-raised** - Background of buttons, headers and raised areas. _(default: #f4f6fa (dark: #252a35))_
   * - **--jodo-text** - Text colour. _(default: #1d2433 (dark: #e8ebf1))_
   * - **--jodo-muted** - Secondary text (hints, times, counts). _(default: #545d6e (dark: #a9b1c1))_
   * - **--jodo-border** - Borders of fields, buttons and panels. _(default: #7d8696 (dark: #737c8f))_
   * - **--jodo-accent** - Primary buttons, links, the current row and filled values: the brand colour. _(default: #1746a2 (dark: #8fb2ff))_
   * - **--jodo-on-accent** - Text on the accent colour. _(default: #ffffff (dark: #0b1430))_
   * - **--jodo-danger** - Errors and refusals. _(default: #b42318 (dark: #ff9b91))_
   * - **--jodo-success** - Confirmations (saved, sent). _(default: #0b6b30 (dark: #79d49a))_
   * - **--jodo-focus-ring** - The keyboard focus outline. _(default: #1a5fd6 (dark: #8fb2ff))_
   * - **--jodo-on-state** - Text on the agent-state colours (each state default passes 4.5:1 with it). _(default: #1d2433)_
   * - **--jodo-shadow** - Shadow of the docked toolbar. _(default: 0 -2px 12px rgb(0 0 0 / 12%) (dark: 0 -2px 12px rgb(0 0 0 / 60%)))_
   * - **--jodo-board-height** - Height of the team board's list of agents, which scrolls within it (only the rows in view are in the page); `none` lets the page scroll and puts every row in the page. _(default: 28rem)_
   * - **--jodo-color-scheme** - The `color-scheme` of native controls inside the elements (audio, date pickers, scroll bars). _(default: light dark)_
   *
   * ### **CSS Parts:**
   *  - **base** - The frame.
   * - **input** - The CSV text area.
   * - **list** - The table of customers (their problems before sending, their stage after).
   * - **counts** - The counts per stage.
   * - **send** - The send button.
   * - **check-again** - The "Check again" button, once every lead has settled.
   */
  "jodo-messenger": Partial<JodoMessengerProps & BaseProps & BaseEvents>;

  /**
   * Wrap-ups and customer changes waiting for Jodo.
   * ---
   *
   *
   * ### **CSS Properties:**
   *  - **--jodo-font** - Font family of every element. _(default: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif)_
   * - **--jodo-font-size** - Base font size; everything else scales with it. _(default: 0.875rem)_
   * - **--jodo-space** - The spacing unit (gaps and padding are multiples of it). _(default: 0.5rem)_
   * - **--jodo-radius** - Corner radius of panels, fields and buttons. _(default: 6px)_
   * - **--jodo-surface** - Background of panels and fields. _(default: #ffffff (dark: #1b1f27))_
   * - **--jodo-surface-raised** - Background of buttons, headers and raised areas. _(default: #f4f6fa (dark: #252a35))_
   * - **--jodo-text** - Text colour. _(default: #1d2433 (dark: #e8ebf1))_
   * - **--jodo-muted** - Secondary text (hints, times, counts). _(default: #545d6e (dark: #a9b1c1))_
   * - **--jodo-border** - Borders of fields, buttons and panels. _(default: #7d8696 (dark: #737c8f))_
   * - **--jodo-accent** - Primary buttons, links, the current row and filled values: the brand colour. _(default: #1746a2 (dark: #8fb2ff))_
   * - **--jodo-on-accent** - Text on the accent colour. _(default: #ffffff (dark: #0b1430))_
   * - **--jodo-danger** - Errors and refusals. _(default: #b42318 (dark: #ff9b91))_
   * - **--jodo-success** - Confirmations (saved, sent). _(default: #0b6b30 (dark: #79d49a))_
   * - **--jodo-focus-ring** - The keyboard focus outline. _(default: #1a5fd6 (dark: #8fb2ff))_
   * - **--jodo-on-state** - Text on the agent-state colours (each state default passes 4.5:1 with it). _(default: #1d2433)_
   * - **--jodo-shadow** - Shadow of the docked toolbar. _(default: 0 -2px 12px rgb(0 0 0 / 12%) (dark: 0 -2px 12px rgb(0 0 0 / 60%)))_
   * - **--jodo-board-height** - Height of the team board's list of agents, which scrolls within it (only the rows in view are in the page); `none` lets the page scroll and puts every row in the page. _(default: 28rem)_
   * - **--jodo-color-scheme** - The `color-scheme` of native controls inside the elements (audio, date pickers, scroll bars). _(default: light dark)_
   *
   * ### **CSS Parts:**
   *  - **base** - The frame, shown while anything waits or was refused.
   * - **queued** - The line about writes waiting to be sent.
   * - **refused** - One refused write.
   */
  "jodo-outbox": Partial<JodoOutboxProps & BaseProps & BaseEvents>;

  /**
   * The session every Jodo element below it uses.
   * ---
   *
   *
   * ### **Slots:**
   *  - _default_ - The Jodo elements (and anything else) of the toolbar.
   *
   * ### **CSS Parts:**
   *  - **notice** - Says that the call in the page's address was refused, and why.
   * - **dismiss** - The notice's button that hides it.
   */
  "jodo-provider": Partial<JodoProviderProps & BaseProps & BaseEvents>;

  /**
   * Plays, downloads and shares Jodo call recordings.
   * ---
   *
   *
   * ### **CSS Properties:**
   *  - **--jodo-font** - Font family of every element. _(default: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif)_
   * - **--jodo-font-size** - Base font size; everything else scales with it. _(default: 0.875rem)_
   * - **--jodo-space** - The spacing unit (gaps and padding are multiples of it). _(default: 0.5rem)_
   * - **--jodo-radius** - Corner radius of panels, fields and buttons. _(default: 6px)_
   * - **--jodo-surface** - Background of panels and fields. _(default: #ffffff (dark: #1b1f27))_
   * - **--jodo-surface-raised** - Background of buttons, headers and raised areas. _(default: #f4f6fa (dark: #252a35))_
   * - **--jodo-text** - Text colour. _(default: #1d2433 (dark: #e8ebf1))_
   * - **--jodo-muted** - Secondary text (hints, times, counts). _(default: #545d6e (dark: #a9b1c1))_
   * - **--jodo-border** - Borders of fields, buttons and panels. _(default: #7d8696 (dark: #737c8f))_
   * - **--jodo-accent** - Primary buttons, links, the current row and filled values: the brand colour. _(default: #1746a2 (dark: #8fb2ff))_
   * - **--jodo-on-accent** - Text on the accent colour. _(default: #ffffff (dark: #0b1430))_
   * - **--jodo-danger** - Errors and refusals. _(default: #b42318 (dark: #ff9b91))_
   * - **--jodo-success** - Confirmations (saved, sent). _(default: #0b6b30 (dark: #79d49a))_
   * - **--jodo-focus-ring** - The keyboard focus outline. _(default: #1a5fd6 (dark: #8fb2ff))_
   * - **--jodo-on-state** - Text on the agent-state colours (each state default passes 4.5:1 with it). _(default: #1d2433)_
   * - **--jodo-shadow** - Shadow of the docked toolbar. _(default: 0 -2px 12px rgb(0 0 0 / 12%) (dark: 0 -2px 12px rgb(0 0 0 / 60%)))_
   * - **--jodo-board-height** - Height of the team board's list of agents, which scrolls within it (only the rows in view are in the page); `none` lets the page scroll and puts every row in the page. _(default: 28rem)_
   * - **--jodo-color-scheme** - The `color-scheme` of native controls inside the elements (audio, date pickers, scroll bars). _(default: light dark)_
   *
   * ### **CSS Parts:**
   *  - **base** - The box around the player, list or message.
   * - **message** - A state's message (not connected, no call, loading, error, refused).
   * - **retry** - The "Try again" button of an error.
   * - **list** - The list of calls (`systemcallids`).
   * - **row** - One call of the list; the one in the player has `aria-current="true"`.
   * - **row-play** - The "Play" button of a row.
   * - **player** - The player around the (hidden) audio element.
   * - **play-button** - Play / pause.
   * - **seek** - The seek slider.
   * - **time** - Current time and duration.
   * - **speed** - The playback speed select.
   * - **download** - The download link.
   * - **copy** - The copy-link button.
   */
  "jodo-recording-player": Partial<JodoRecordingPlayerProps & BaseProps & BaseEvents>;

  /**
   * An agent's live Jodo state.
   * ---
   *
   *
   * ### **Events:**
   *  - **jodo-status-change** - The agent's state changed from one known state to another; `detail` is `{ login, previous, current }`. Not fired for the first state seen (read `state`).
   *
   * ### **CSS Properties:**
   *  - **--jodo-font** - Font family of every element. _(default: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif)_
   * - **--jodo-font-size** - Base font size; everything else scales with it. _(default: 0.875rem)_
   * - **--jodo-space** - The spacing unit (gaps and padding are multiples of it). _(default: 0.5rem)_
   * - **--jodo-radius** - Corner radius of panels, fields and buttons. _(default: 6px)_
   * - **--jodo-surface** - Background of panels and fields. _(default: #ffffff (dark: #1b1f27))_
   * - **--jodo-surface-raised** - Background of buttons, headers and raised areas. _(default: #f4f6fa (dark: #252a35))_
   * - **--jodo-text** - Text colour. _(default: #1d2433 (dark: #e8ebf1))_
   * - **--jodo-muted** - Secondary text (hints, times, counts). _(default: #545d6e (dark: #a9b1c1))_
   * - **--jodo-border** - Borders of fields, buttons and panels. _(default: #7d8696 (dark: #737c8f))_
   * - **--jodo-accent** - Primary buttons, links, the current row and filled values: the brand colour. _(default: #1746a2 (dark: #8fb2ff))_
   * - **--jodo-on-accent** - Text on the accent colour. _(default: #ffffff (dark: #0b1430))_
   * - **--jodo-danger** - Errors and refusals. _(default: #b42318 (dark: #ff9b91))_
   * - **--jodo-success** - Confirmations (saved, sent). _(default: #0b6b30 (dark: #79d49a))_
   * - **--jodo-focus-ring** - The keyboard focus outline. _(default: #1a5fd6 (dark: #8fb2ff))_
   * - **--jodo-on-state** - Text on the agent-state colours (each state default passes 4.5:1 with it). _(default: #1d2433)_
   * - **--jodo-shadow** - Shadow of the docked toolbar. _(default: 0 -2px 12px rgb(0 0 0 / 12%) (dark: 0 -2px 12px rgb(0 0 0 / 60%)))_
   * - **--jodo-board-height** - Height of the team board's list of agents, which scrolls within it (only the rows in view are in the page); `none` lets the page scroll and puts every row in the page. _(default: 28rem)_
   * - **--jodo-color-scheme** - The `color-scheme` of native controls inside the elements (audio, date pickers, scroll bars). _(default: light dark)_
   * - **--jodo-state-ready** - Colour of the agent state Ready (1). _(default: #7ed99b)_
   * - **--jodo-state-manual-call** - Colour of the agent state Manual Call (2). _(default: #9cc3ff)_
   * - **--jodo-state-preview-call** - Colour of the agent state Preview Call (3). _(default: #b9b5ff)_
   * - **--jodo-state-acd** - Colour of the agent state ACD (4). _(default: #8fd3f5)_
   * - **--jodo-state-talking** - Colour of the agent state Talking (5). _(default: #6fb2ff)_
   * - **--jodo-state-hold** - Colour of the agent state Hold (6). _(default: #ffb38a)_
   * - **--jodo-state-wrapup** - Colour of the agent state Wrapup (7). _(default: #ffd866)_
   * - **--jodo-state-dialling** - Colour of the agent state Dialling (8). _(default: #a6e3e9)_
   * - **--jodo-state-live-stream** - Colour of the agent state Live Stream (9). _(default: #e0b3ff)_
   * - **--jodo-state-transfer** - Colour of the agent state Transfer (10). _(default: #f7b3d9)_
   * - **--jodo-state-system-sent-na** - Colour of the agent state System Sent NA (11). _(default: #ff9f9f)_
   * - **--jodo-state-unknown** - Colour while the agent state is not known. _(default: #d5d9e0)_
   *
   * ### **CSS Parts:**
   *  - **base** - The pill around the state.
   * - **label** - The state's name.
   * - **timer** - The time in state.
   * - **stale** - The mark shown while the state is not current, with how old it is.
   */
  "jodo-status": Partial<JodoStatusProps & BaseProps & BaseEvents>;

  /**
   * A team's live agent states, with reallocation.
   * ---
   *
   *
   * ### **Events:**
   *  - **jodo-reallocate** - The supervisor confirmed a reallocation; `detail` is `{ contactnumber, from, to, customercode?, calldatetime? }`. Cancel it and nothing is sent.
   * - **jodo-reallocated** - Jodo reallocated the contact; same `detail`.
   *
   * ### **CSS Properties:**
   *  - **--jodo-font** - Font family of every element. _(default: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif)_
   * - **--jodo-font-size** - Base font size; everything else scales with it. _(default: 0.875rem)_
   * - **--jodo-space** - The spacing unit (gaps and padding are multiples of it). _(default: 0.5rem)_
   * - **--jodo-radius** - Corner radius of panels, fields and buttons. _(default: 6px)_
   * - **--jodo-surface** - Background of panels and fields. _(default: #ffffff (dark: #1b1f27))_
   * - **--jodo-surface-raised** - Background of buttons, headers and raised areas. _(default: #f4f6fa (dark: #252a35))_
   * - **--jodo-text** - Text colour. _(default: #1d2433 (dark: #e8ebf1))_
   * - **--jodo-muted** - Secondary text (hints, times, counts). _(default: #545d6e (dark: #a9b1c1))_
   * - **--jodo-border** - Borders of fields, buttons and panels. _(default: #7d8696 (dark: #737c8f))_
   * - **--jodo-accent** - Primary buttons, links, the current row and filled values: the brand colour. _(default: #1746a2 (dark: #8fb2ff))_
   * - **--jodo-on-accent** - Text on the accent colour. _(default: #ffffff (dark: #0b1430))_
   * - **--jodo-danger** - Errors and refusals. _(default: #b42318 (dark: #ff9b91))_
   * - **--jodo-success** - Confirmations (saved, sent). _(default: #0b6b30 (dark: #79d49a))_
   * - **--jodo-focus-ring** - The keyboard focus outline. _(default: #1a5fd6 (dark: #8fb2ff))_
   * - **--jodo-on-state** - Text on the agent-state colours (each state default passes 4.5:1 with it). _(default: #1d2433)_
   * - **--jodo-shadow** - Shadow of the docked toolbar. _(default: 0 -2px 12px rgb(0 0 0 / 12%) (dark: 0 -2px 12px rgb(0 0 0 / 60%)))_
   * - **--jodo-board-height** - Height of the team board's list of agents, which scrolls within it (only the rows in view are in the page); `none` lets the page scroll and puts every row in the page. _(default: 28rem)_
   * - **--jodo-color-scheme** - The `color-scheme` of native controls inside the elements (audio, date pickers, scroll bars). _(default: light dark)_
   * - **--jodo-state-ready** - Colour of the agent state Ready (1). _(default: #7ed99b)_
   * - **--jodo-state-manual-call** - Colour of the agent state Manual Call (2). _(default: #9cc3ff)_
   * - **--jodo-state-preview-call** - Colour of the agent state Preview Call (3). _(default: #b9b5ff)_
   * - **--jodo-state-acd** - Colour of the agent state ACD (4). _(default: #8fd3f5)_
   * - **--jodo-state-talking** - Colour of the agent state Talking (5). _(default: #6fb2ff)_
   * - **--jodo-state-hold** - Colour of the agent state Hold (6). _(default: #ffb38a)_
   * - **--jodo-state-wrapup** - Colour of the agent state Wrapup (7). _(default: #ffd866)_
   * - **--jodo-state-dialling** - Colour of the agent state Dialling (8). _(default: #a6e3e9)_
   * - **--jodo-state-live-stream** - Colour of the agent state Live Stream (9). _(default: #e0b3ff)_
   * - **--jodo-state-transfer** - Colour of the agent state Transfer (10). _(default: #f7b3d9)_
   * - **--jodo-state-system-sent-na** - Colour of the agent state System Sent NA (11). _(default: #ff9f9f)_
   * - **--jodo-state-unknown** - Colour while the agent state is not known. _(default: #d5d9e0)_
   *
   * ### **CSS Parts:**
   *  - **base** - The board.
   * - **counts** - The agents per state, each a filter button.
   * - **search** - The name filter.
   * - **grid** - The grid of agents.
   * - **row** - One agent's row.
   * - **state** - An agent's state.
   * - **over** - The mark on a time past its state's threshold.
   * - **notice** - What the board says about itself (not updating, too many agents, bad settings).
   * - **reallocation** - The reallocation dialog.
   */
  "jodo-team-board": Partial<JodoTeamBoardProps & BaseProps & BaseEvents>;

  /**
   * The whole agent toolbar in one docked bar.
   * ---
   *
   *
   * ### **Events:**
   *  - **jodo-status-change** - From the bar's `<jodo-status>`.
   * - **jodo-disposition-submit** - From the wrap-up form; cancelable.
   * - **jodo-disposition-saved** - From the wrap-up form.
   * - **jodo-customer-saved** - From the call guide.
   *
   * ### **CSS Properties:**
   *  - **--jodo-toolbar-z-index** - Stacking order when docked. _(default: 1000)_
   * - **--jodo-toolbar-panel-max-height** - How tall an open panel may grow before it scrolls. _(default: 45vh)_
   * - **--jodo-toolbar-panel-height** - Docked: the height of an open panel and of the open wrap-up form, laid over the page beside the bar (at most the max height). _(default: 24rem)_
   * - **--jodo-toolbar-panel-width** - Docked: the width of an open panel (the wrap-up form is 36rem wide, at the other end). _(default: 48rem)_
   * - **--jodo-font** - Font family of every element. _(default: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif)_
   * - **--jodo-font-size** - Base font size; everything else scales with it. _(default: 0.875rem)_
   * - **--jodo-space** - The spacing unit (gaps and padding are multiples of it). _(default: 0.5rem)_
   * - **--jodo-radius** - Corner radius of panels, fields and buttons. _(default: 6px)_
   * - **--jodo-surface** - Background of panels and fields. _(default: #ffffff (dark: #1b1f27))_
   * - **--jodo-surface-raised** - Background of buttons, headers and raised areas. _(default: #f4f6fa (dark: #252a35))_
   * - **--jodo-text** - Text colour. _(default: #1d2433 (dark: #e8ebf1))_
   * - **--jodo-muted** - Secondary text (hints, times, counts). _(default: #545d6e (dark: #a9b1c1))_
   * - **--jodo-border** - Borders of fields, buttons and panels. _(default: #7d8696 (dark: #737c8f))_
   * - **--jodo-accent** - Primary buttons, links, the current row and filled values: the brand colour. _(default: #1746a2 (dark: #8fb2ff))_
   * - **--jodo-on-accent** - Text on the accent colour. _(default: #ffffff (dark: #0b1430))_
   * - **--jodo-danger** - Errors and refusals. _(default: #b42318 (dark: #ff9b91))_
   * - **--jodo-success** - Confirmations (saved, sent). _(default: #0b6b30 (dark: #79d49a))_
   * - **--jodo-focus-ring** - The keyboard focus outline. _(default: #1a5fd6 (dark: #8fb2ff))_
   * - **--jodo-on-state** - Text on the agent-state colours (each state default passes 4.5:1 with it). _(default: #1d2433)_
   * - **--jodo-shadow** - Shadow of the docked toolbar. _(default: 0 -2px 12px rgb(0 0 0 / 12%) (dark: 0 -2px 12px rgb(0 0 0 / 60%)))_
   * - **--jodo-board-height** - Height of the team board's list of agents, which scrolls within it (only the rows in view are in the page); `none` lets the page scroll and puts every row in the page. _(default: 28rem)_
   * - **--jodo-color-scheme** - The `color-scheme` of native controls inside the elements (audio, date pickers, scroll bars). _(default: light dark)_
   * - **--jodo-state-ready** - Colour of the agent state Ready (1). _(default: #7ed99b)_
   * - **--jodo-state-manual-call** - Colour of the agent state Manual Call (2). _(default: #9cc3ff)_
   * - **--jodo-state-preview-call** - Colour of the agent state Preview Call (3). _(default: #b9b5ff)_
   * - **--jodo-state-acd** - Colour of the agent state ACD (4). _(default: #8fd3f5)_
   * - **--jodo-state-talking** - Colour of the agent state Talking (5). _(default: #6fb2ff)_
   * - **--jodo-state-hold** - Colour of the agent state Hold (6). _(default: #ffb38a)_
   * - **--jodo-state-wrapup** - Colour of the agent state Wrapup (7). _(default: #ffd866)_
   * - **--jodo-state-dialling** - Colour of the agent state Dialling (8). _(default: #a6e3e9)_
   * - **--jodo-state-live-stream** - Colour of the agent state Live Stream (9). _(default: #e0b3ff)_
   * - **--jodo-state-transfer** - Colour of the agent state Transfer (10). _(default: #f7b3d9)_
   * - **--jodo-state-system-sent-na** - Colour of the agent state System Sent NA (11). _(default: #ff9f9f)_
   * - **--jodo-state-unknown** - Colour while the agent state is not known. _(default: #d5d9e0)_
   *
   * ### **CSS Parts:**
   *  - **base** - The bar.
   * - **call** - The current call's summary.
   * - **panel** - The open panel (customer or recording).
   * - **shortcuts-button** - The button that shows the keyboard shortcuts.
   * - **shortcuts** - The keyboard shortcuts list (a popover), with the button that opens the diagnostics.
   * - **diagnostics-button** - The help popover's button that opens `<jodo-diagnostics>` in a panel.
   */
  "jodo-toolbar": Partial<JodoToolbarProps & BaseProps & BaseEvents>;
};
