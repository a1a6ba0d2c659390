import type { JodoMethod } from '../../../api/codes.js';
import type { MethodHandler } from '../context.js';
import { getProcessData, importProcessData } from './process-data.js';
import { reallocateData } from './reallocate-data.js';
import { customerMultipleRecordings, customerRecording } from './recordings.js';
import { saveDisposition } from './save-disposition.js';
import { userStatus } from './user-status.js';
import { addEditUser, deleteUser } from './users.js';

/** The sandbox's handler per method. */
export const METHOD_HANDLERS: Record<JodoMethod, MethodHandler> = {
  ImportProcessData: importProcessData,
  getProcessData,
  reallocatedata: reallocateData,
  saveDisposition,
  customer_recording: customerRecording,
  customer_multiple_recordings: customerMultipleRecordings,
  addEditUser,
  deleteUser,
  userStatus,
};
