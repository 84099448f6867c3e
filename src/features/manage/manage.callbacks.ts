import { callbackKind } from '../../infra/telegram/callback-data';

/** "Geser ke …" under the answer to /perpanjang: the due date it was made for, and the instruction's number. */
export const manageButtons = {
  shift: callbackKind('mgsh', { from: 'int', number: 'rest' }),
};
