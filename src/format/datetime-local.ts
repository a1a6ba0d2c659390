/** Between Jodo's `YYYY-MM-DD hh:mm:ss` and the `datetime-local` inputs of the forms (`YYYY-MM-DDThh:mm[:ss]`). */
import { formatJodoDateTime } from '../api/rules.js';

/** `datetime-local` value for a time: `YYYY-MM-DDThh:mm`. */
export function toLocalInput(date: Date): string {
  return formatJodoDateTime(date).slice(0, 16).replace(' ', 'T');
}

/** `YYYY-MM-DDThh:mm[:ss]` -> `YYYY-MM-DD hh:mm:ss`. */
export function fromLocalInput(value: string): string {
  const [date, time = ''] = value.split('T');
  return `${date} ${time.length === 5 ? `${time}:00` : time}`;
}
