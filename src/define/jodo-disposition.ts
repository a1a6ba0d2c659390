/** Registers <jodo-disposition>: importing this module defines the element (the side-effect entry the package exports). */
import { JodoDisposition } from '../elements/disposition/disposition.js';

JodoDisposition.define('jodo-disposition');

declare global {
  interface HTMLElementTagNameMap {
    'jodo-disposition': JodoDisposition;
  }
}
