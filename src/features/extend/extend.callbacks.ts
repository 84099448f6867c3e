import { callbackKind } from '../../infra/telegram/callback-data';

/** Setujui / Tolak on an extension request sent to the deciders. */
export const extensionButtons = {
  decide: callbackKind('ex', { decision: ['ok', 'no'], request: 'int' }),
};
