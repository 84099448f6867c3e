import { callbackKind } from '../../infra/telegram/callback-data';

export const reportButtons = {
  /** In the private report draft: send it as progress or as done, or drop it. */
  send: callbackKind('rp', { kind: ['prog', 'done'] }),
  cancel: callbackKind('rp:cancel', {}),
  /** On a done report forwarded to the issuer and the secretariat. */
  accept: callbackKind('rv:ok', { report: 'int' }),
  return: callbackKind('rv:ret', { report: 'int' }),
  /** /laporan: the files of one report. */
  files: callbackKind('rf', { report: 'int' }),
};
