import { callbackKind } from '../../infra/telegram/callback-data';

/** Setujui / Tolak on a registration request sent to the admins; Cabut on an invitation in /undangan. */
export const invitationButtons = {
  decide: callbackKind('jr', { decision: ['ok', 'no'], request: 'int' }),
  revoke: callbackKind('inv:rev', { invitation: 'int' }),
};
