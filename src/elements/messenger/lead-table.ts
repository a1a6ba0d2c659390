/**
 * The messenger's table of customers (`part="list"`): before sending, each
 * row's problems; after, each lead's stage, with a called lead's message
 * playable in place. A template only; the element keeps the state.
 */
import { msg } from '@lit/localize';
import { html, nothing } from 'lit';
import type { CustomerRecord } from '../../api/response.js';
import { formatNumber } from '../../format/number.js';
import type { Campaign } from './campaign.js';
import type { Stage } from './leads.js';

/** One row of the table. */
export interface LeadRow {
  row: number;
  record: Campaign['leads'][number];
  status: string;
  bad?: boolean;
  stage?: Stage;
}

/** What a called lead's "Play message" needs. */
export interface LeadPlayer {
  /** Each lead's record as Jodo last answered, by number. */
  records: ReadonlyMap<string, CustomerRecord>;
  /** The number whose message is open. */
  playing: string;
  servicekey: string;
  toggle: (number: string) => void;
}

export function renderLeadTable(caption: string, rows: LeadRow[], player?: LeadPlayer) {
  return html`<table part="list">
    <caption>${caption}</caption>
    <thead>
      <tr><th scope="col">${msg('Row')}</th><th scope="col">${msg('Name')}</th><th scope="col">${msg('Number')}</th><th scope="col">${msg('Status')}</th></tr>
    </thead>
    <tbody>
      ${rows.map(({ row, record, status, bad, stage }) => {
        const number = String(record['mobilenumber'] ?? '');
        const systemcallid = stage === 'called' ? player?.records.get(number)?.systemcallid : undefined;
        const open = Boolean(systemcallid) && player?.playing === number;
        return html`<tr class=${bad ? 'bad' : stage ?? ''} data-stage=${stage ?? nothing}>
            <td>${formatNumber(row)}</td><td>${String(record['name'] ?? '')}</td><td dir="ltr">${number}</td>
            <td>${status}
              ${systemcallid
                ? html` <button type="button" aria-expanded=${open ? 'true' : 'false'} aria-controls=${`player-${row}`} @click=${() => player?.toggle(number)}>
                    ${open ? msg('Hide message') : msg('Play message')}</button>`
                : nothing}</td>
          </tr>
          ${open
            ? html`<tr id=${`player-${row}`}><td colspan="4"><jodo-recording-player systemcallid=${systemcallid!} servicekey=${player?.servicekey ?? ''}></jodo-recording-player></td></tr>`
            : nothing}`;
      })}
    </tbody>
  </table>`;
}
