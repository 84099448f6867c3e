import type { Messages } from './id';

// English, for people who chose /bahasa en. Keys missing here fall back to Indonesian.
// Messages sent into OPD groups stay in the organisation's language (Indonesian).
export const en: Partial<Messages> = {
  notRegistered: 'Sorry, you are not registered in Arahan yet. Please ask an admin for an invitation link.',
  notAllowed: (command: string, roles: string) => `Sorry, ${command} is only for ${roles}.`,
  privateOnly: (command: string) => `${command} can only be used in a private chat with the bot.`,
  groupOnly: (command: string) => `${command} can only be used in an OPD group.`,
  unknownNumber: (n: string) => `No instruction numbered <b>${n}</b> was found. Please check the number.`,
  badNumber: (command: string) =>
    `Instruction number not recognised. Example: <code>${command} ARH-2026-0042</code> or <code>${command} 42</code>.`,
  internalError: 'Sorry, something went wrong while handling your request. It has been logged; please try again.',
  welcome: (name: string, role: string) => `Welcome, ${name}.\nYour role: <b>${role}</b>.\nType /bantuan for the commands you can use.`,
  languageSet: 'Language set to English.',
  languageUsage: 'Format: <code>/bahasa id</code> or <code>/bahasa en</code>.',
  belumNone: 'Every OPD has acknowledged. Thank you.',
  ackThanks: 'Thank you, your acknowledgement has been recorded.',
  draftCancelled: 'The draft instruction was cancelled. Nothing was sent.',
  issued: (number: string, n: number) => `Instruction <b>${number}</b> is being sent to ${n} OPD groups. Thank you.`,
};
