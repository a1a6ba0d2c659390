import { JodoDisposition } from '../elements/disposition/disposition.js';

JodoDisposition.define('jodo-disposition');

declare global {
  interface HTMLElementTagNameMap {
    'jodo-disposition': JodoDisposition;
  }
}
