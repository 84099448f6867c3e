import { callbackKind } from '../../infra/telegram/callback-data';

/** The buttons of the guided flow and of the preview (draft.view.ts, handlers/issue.ts). */
export const draftButtons = {
  all: callbackKind('dr:all', {}),
  cluster: callbackKind('dr:cl', { index: 'int' }),
  pick: callbackKind('dr:pg', { page: 'int' }),
  toggle: callbackKind('dr:o', { opd: 'int', page: 'int' }),
  pickDone: callbackKind('dr:pd', {}),
  // A word, not the list of priorities: an unknown one is answered by the use case, not ignored.
  priority: callbackKind('dr:pr', { priority: 'word' }),
  /** A secretariat member's choice of the pimpinan the instruction is sent on behalf of. */
  behalf: callbackKind('dr:ab', { person: 'int' }),
  /** Kirim: the draft's revision, so a press on an outdated preview changes nothing. */
  send: callbackKind('dr:send', { rev: 'word' }),
  cancel: callbackKind('dr:cancel', { rev: 'word' }),
  /** "Geser ke …": moves a deadline that falls on a day off to the next working day (issue #15). */
  shift: callbackKind('dr:sh', { rev: 'word', which: ['ack', 'due'] }),
};
