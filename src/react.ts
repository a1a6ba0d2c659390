/**
 * React 19 JSX types for the Jodo tags (`jodo-toolbar/react`, types only):
 * `import type {} from 'jodo-toolbar/react';` once in the app.
 *
 * React 19 sets a prop as the element's property when the element has one
 * (`dispositions={[…]}`, `dock="bottom"`), as an attribute otherwise
 * (`session-url="/jodo/session"`), and adds `on<event-name>` props as
 * listeners (`onjodo-status-change={(event) => …}`, with the event's class).
 * Which attributes and events each tag has is checked against
 * `custom-elements.json` by `test/package/react-types.node.test.ts`.
 */
import type { HTMLAttributes, RefAttributes } from 'react';
import type { JodoCallGuide } from './elements/call-guide/call-guide.js';
import type { JodoClickToCall } from './elements/click-to-call/click-to-call.js';
import type { JodoDiagnostics } from './elements/diagnostics/diagnostics.js';
import type { JodoDisposition } from './elements/disposition/disposition.js';
import type { JodoMessenger } from './elements/messenger/messenger.js';
import type { JodoOutbox } from './elements/outbox/outbox.js';
import type { JodoProvider } from './elements/provider/provider.js';
import type { JodoRecordingPlayer } from './elements/recording-player/recording-player.js';
import type { JodoStatus } from './elements/status/status.js';
import type { JodoTeamBoard } from './elements/team-board/team-board.js';
import type { JodoToolbar } from './elements/toolbar/toolbar.js';
import type {} from './events/index.js';

/** A Jodo event's name (each is typed in `GlobalEventHandlersEventMap` by `src/events/`). */
export type JodoEventName = Extract<keyof GlobalEventHandlersEventMap, `jodo-${string}`>;

/** `on<event-name>` handler props, each given the event's own class. */
export type JodoEventHandlers<Events extends JodoEventName> = {
  [Name in Events as `on${Name}`]?: (event: GlobalEventHandlersEventMap[Name]) => void;
};

/**
 * The props of one tag: the element's writable properties (set as properties
 * by React), its multi-word attributes (which have no property of that name,
 * so React writes them as attributes), and handlers for the events it fires
 * or that bubble out of it.
 */
export type JodoElementProps<Element, Properties extends keyof Element, Attributes extends string, Events extends JodoEventName = never> = Omit<
  HTMLAttributes<Element>,
  Properties
> &
  RefAttributes<Element> &
  Partial<Pick<Element, Properties>> & { [Name in Attributes]?: string | number } & JodoEventHandlers<Events>;

/** Every Jodo tag with its props. */
export interface JodoIntrinsicElements {
  'jodo-provider': JodoElementProps<
    JodoProvider,
    | 'endpoint'
    | 'apikey'
    | 'login'
    | 'servicekey'
    | 'sessionUrl'
    | 'pollInterval'
    | 'idlePollInterval'
    | 'client'
    | 'mobilenumber'
    | 'customercode'
    | 'crmuniquefield'
    | 'systemcallid'
    | 'sessionid'
    | 'call'
    | 'callFromUrl'
    | 'callParams'
    | 'trunk'
    | 'domesticPrefix'
    | 'countryCode'
    | 'tokenUrl'
    | 'getToken',
    'session-url' | 'poll-interval' | 'idle-poll-interval' | 'domestic-prefix' | 'country-code' | 'token-url' | 'call-from-url' | 'call-params'
  >;
  'jodo-status': JodoElementProps<JodoStatus, 'login', never, 'jodo-status-change'>;
  'jodo-disposition': JodoElementProps<
    JodoDisposition,
    'dispositions' | 'open' | 'callbackWindowDays' | 'media',
    'callback-window-days',
    'jodo-disposition-submit' | 'jodo-disposition-saved'
  >;
  'jodo-outbox': JodoElementProps<JodoOutbox, 'empty', never>;
  'jodo-diagnostics': JodoElementProps<JodoDiagnostics, never, never>;
  'jodo-recording-player': JodoElementProps<JodoRecordingPlayer, 'systemcallid' | 'systemcallids' | 'sessionid' | 'servicekey', never>;
  'jodo-call-guide': JodoElementProps<
    JodoCallGuide,
    'customercode' | 'crmuniquefield' | 'mobilenumber' | 'template' | 'templateJson' | 'script' | 'media',
    never,
    'jodo-customer-saved'
  >;
  'jodo-team-board': JodoElementProps<JodoTeamBoard, 'logins' | 'thresholds' | 'reallocate', never, 'jodo-reallocate' | 'jodo-reallocated'>;
  'jodo-click-to-call': JodoElementProps<
    JodoClickToCall,
    'number' | 'scan' | 'trunk' | 'domesticPrefix' | 'countryCode' | 'name' | 'customercode' | 'crmuniquefield',
    'domestic-prefix' | 'country-code',
    'jodo-dial' | 'jodo-dial-result'
  >;
  'jodo-messenger': JodoElementProps<JodoMessenger, 'contacts' | 'csv' | 'servicekey' | 'batchSize', 'batch-size', 'jodo-messenger-sent'>;
  'jodo-toolbar': JodoElementProps<
    JodoToolbar,
    'dock' | 'dispositions' | 'template' | 'templateJson' | 'script' | 'callbackWindowDays' | 'shortcuts',
    'callback-window-days',
    'jodo-status-change' | 'jodo-disposition-submit' | 'jodo-disposition-saved' | 'jodo-customer-saved'
  >;
}

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements extends JodoIntrinsicElements {}
  }
}
