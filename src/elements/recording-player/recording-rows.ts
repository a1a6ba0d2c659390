/**
 * The recording player's list: one call's recording as the element keeps it
 * (a link only once `safeRecordingUrl` accepted it), the `systemcallids`
 * attribute's reader, and each row's status in words.
 */
import { msg } from '@lit/localize';
import type { ComplexAttributeConverter } from 'lit';
import { RECORDING_ID_BLANK, RECORDING_NOT_FOUND } from '../../api/codes.js';
import { safeRecordingUrl } from './safe-url.js';

/** One call's recording as the element keeps it: a link only once `safeRecordingUrl` accepted it. */
export interface RecordingRow {
  systemcallid: string;
  code: number;
  ok: boolean;
  description: string;
  /** The web address to play; absent when Jodo sent none or one that was refused. */
  url?: string;
  /** Jodo sent a link that is not an `http:`/`https:` address: it never reaches the page. */
  refused: boolean;
}

export const refusedLink = () => msg('This recording link is not a web address and was not loaded');
export const noLink = () => msg('Jodo sent no link for this recording');

/** `systemcallids="1 2,3"` -> `['1', '2', '3']`. */
export const idList: ComplexAttributeConverter<string[]> = {
  fromAttribute: (value) => (value ?? '').split(/[\s,]+/).filter(Boolean),
  toAttribute: (value) => value.join(' '),
};

export function toRow(link: { systemcallid: string; code: number; ok: boolean; description: string; recordingUrl: string }): RecordingRow {
  const url = link.ok ? safeRecordingUrl(link.recordingUrl) : undefined;
  const row: RecordingRow = {
    systemcallid: link.systemcallid,
    code: link.code,
    ok: link.ok,
    description: link.description,
    refused: link.ok && url === undefined && link.recordingUrl.trim() !== '',
  };
  if (url) row.url = url;
  return row;
}

/** A row's status in plain words. */
export function rowStatus(row: RecordingRow): string {
  if (row.refused) return refusedLink();
  if (row.ok) return row.url ? msg('Recording available') : noLink();
  if (row.code === RECORDING_NOT_FOUND) return msg('No recording for this call');
  if (row.code === RECORDING_ID_BLANK) return msg('No call id');
  return row.description;
}
