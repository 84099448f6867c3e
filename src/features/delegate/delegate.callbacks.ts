import { callbackKind } from '../../infra/telegram/callback-data';

/** /tugaskan offered several staff: the head picks one. */
export const delegateButtons = {
  choose: callbackKind('dlg', { assignment: 'int', person: 'int' }),
};
