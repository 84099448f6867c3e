import { callbackKind } from '../../infra/telegram/callback-data';

/** The "Hadir / HP aktif" button of a roll-call's private message (handlers/rollcall.ts). */
export const apelButtons = {
  present: callbackKind('apel', { rollcall: 'int' }),
};
