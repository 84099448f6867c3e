import { callbackKind } from '../../infra/telegram/callback-data';

/** Setujui / Tolak on an extension request sent to the deciders. */
export const extensionButtons = {
  decide: callbackKind('ex', { decision: ['ok', 'no'], request: 'int' }),
  /** "Geser ke …" under the question for the reason: the requested date moves to the next working day. */
  shift: callbackKind('exsh', {}),
  /** "Geser ke …" under the answer to /minta_perpanjangan: the pending request's date moves to the next working day. */
  shiftRequest: callbackKind('exmv', { request: 'int' }),
};
