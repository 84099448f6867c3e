import { callbackKind } from '../../infra/telegram/callback-data';

/** The buttons of an OPD group's instruction message (src/features/instruction/instruction.view.ts). */
export const groupButtons = {
  /** ✅ Siap, diterima (handlers/acknowledge.ts). */
  ack: callbackKind('ack', { assignment: 'int' }),
  /** 📝 Lapor (handlers/reports.ts). */
  report: callbackKind('rep', { assignment: 'int' }),
  /** ⏳ Minta perpanjangan (handlers/extensions.ts). */
  extend: callbackKind('ext', { assignment: 'int' }),
  /** ⚠️ Kendala (handlers/obstacles.ts). */
  obstacle: callbackKind('kdl', { assignment: 'int' }),
};

/**
 * 📋 under the issuer's summary and /status: who has not acknowledged / not finished
 * (handlers/queries.ts). `list` opens the list as a new message; `page` turns its pages.
 */
export const pendingButtons = {
  list: callbackKind('pd', { instruction: 'int' }),
  page: callbackKind('pdp', { instruction: 'int', page: 'int' }),
};
