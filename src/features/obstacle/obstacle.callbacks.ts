import { callbackKind } from '../../infra/telegram/callback-data';

export const obstacleButtons = {
  /** In the private obstacle draft: send it, or drop it. */
  send: callbackKind('ob:send', {}),
  cancel: callbackKind('ob:cancel', {}),
  /** On an obstacle sent to the issuer and the secretariat. */
  answer: callbackKind('ob:ans', { obstacle: 'int' }),
  handled: callbackKind('ob:done', { obstacle: 'int' }),
  extend: callbackKind('ob:ext', { obstacle: 'int' }),
};
