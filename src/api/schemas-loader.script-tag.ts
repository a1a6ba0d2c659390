/** The script tag's schemas-loader.ts: the schemas are in the one file already (see there). */
import * as problems from './problems.js';
import * as response from './response.js';
import { GatewaySessionResponse } from './schemas.js';

export const loadSchemas = () => Promise.resolve({ ...problems, ...response, GatewaySessionResponse });
