import { dateParts, duration, weekdayName, zoneLabel, periodName } from './format';
import type { Messages } from './id';

// English, for people who chose /bahasa en. Complete: typed as Messages, so every key of
// the Indonesian catalogue must be translated here.
// Messages sent into OPD groups stay in the organisation's language (Indonesian).
// What people type back (dates such as "2 jam", "besok 09.00", "Jumat 16.00"; "semua",
// "klaster", "hapus", "mati"; the letter headers Kepada/Konfirmasi/Selesai/Sifat) is parsed
// in Indonesian only, so examples keep those words as they are.
// Every function takes already-escaped HTML fragments unless its parameter says `raw`.

/** "1 OPD", "3 OPDs". */
const n_ = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export const en: Messages = {
  // The same level of detail as the Indonesian shapes; the zone keeps its Indonesian label
  // (WIB/WITA/WIT), which is how the time is announced locally, in either language.
  // 'en' rather than 'en-GB' for names: en-GB abbreviates September as "Sept".
  fmt: {
    /** "Tuesday, 1 December 2026 10:00 WIB" */
    dateTime: (ms: number, tz: string): string => {
      const p = dateParts('en', ms, tz);
      return `${p.weekday}, ${p.day} ${p.month} ${p.year} ${p.hour}:${p.minute} ${zoneLabel(tz)}`;
    },
    /** "1 Dec 2026 10:00 WIB" */
    shortDateTime: (ms: number, tz: string): string => {
      const p = dateParts('en', ms, tz);
      return `${p.day} ${p.monthShort} ${p.year} ${p.hour}:${p.minute} ${zoneLabel(tz)}`;
    },
    /** "less than 1 minute", "1 minute", "2 hours 15 minutes", "3 days 4 hours", "2 days" */
    duration: (ms: number): string => duration('en', ms, 'less than 1 minute'),
    /** "Sunday" ... "Saturday" for 0 ... 6, as in the org's working days */
    weekday: (d: number): string => weekdayName('en', d),
    /** "26 October – 25 November 2026" */
    period: (from: number, to: number, tz: string): string => periodName('en', from, to, tz),
  },

  roleName: {
    admin: 'Admin',
    pimpinan: 'Leader (pimpinan)',
    sekretariat: 'Secretariat',
    kepala: 'OPD head',
    staf: 'OPD staff',
  } as Record<string, string>,
  priorityName: { biasa: 'Normal (biasa)', penting: 'Important (penting)', segera: 'Urgent (segera)' } as Record<string, string>,

  // --- general
  notRegistered: 'Sorry, you are not registered in Arahan yet. Please ask an admin for an invitation link.',
  notAllowed: (command: string, roles: string) => `Sorry, ${command} is only for ${roles}.`,
  privateOnly: (command: string) => `${command} can only be used in a private chat with the bot.`,
  crossOpdPrivateOnly: (command: string) =>
    `${command} shows every OPD's figures, so it can only be used in a private chat with the bot or in the secretariat's group. Please send it again in a private chat.`,
  groupOnly: (command: string) => `${command} can only be used in an OPD group.`,
  unknownNumber: (n: string) => `No instruction numbered <b>${n}</b> was found. Please check the number.`,
  badNumber: (command: string) => `Instruction number not recognised. Example: <code>${command} ARH-2026-0042</code> or <code>${command} 42</code>.`,
  internalError: 'Sorry, something went wrong while handling your request. It has been logged; please try again.',
  tooManyUpdates: (minutes: number) =>
    `Sorry, you have sent too many messages in a short time. Further messages will not be answered for now; please try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
  /** Ends a message cut to fit Telegram's limit (HTML). */
  truncated: '… <i>(truncated)</i>',
  welcome: (name: string, role: string) => `Welcome, ${name}.\nYour role: <b>${role}</b>.\nType /bantuan for the commands you can use.`,
  welcomeUnregistered:
    "Welcome to <b>Arahan</b>, the service that delivers the leadership's instructions to OPDs.\nYou are not registered yet. Please open the invitation link from an admin to register.",

  // --- invitations
  inviteInvalid: 'This invitation link is not recognised. Please ask an admin for a new link.',
  inviteExpired: 'This invitation link has expired. Please ask an admin for a new link.',
  inviteUsedUp: 'This invitation link has reached its usage limit. Please ask an admin for a new link.',
  inviteHigherRole: (role: string) => `You are already registered as ${role}; an OPD invitation link does not change that role. Please contact an admin if it needs to be changed.`,
  inviteAccepted: (name: string, role: string, opd: string) =>
    `Welcome, ${name}. You are now registered as <b>${role}</b> at <b>${opd}</b>.\nInstructions for your OPD will be sent to the OPD group; please press ✅ <b>Siap, diterima</b> (acknowledge) on each instruction.`,
  inviteCreated: (opd: string, role: string, link: string, uses: number, until: string) =>
    `Invitation link for <b>${role}</b> ${opd}:\n${link}\n\nValid until ${until}, for ${n_(uses, 'use')}. Please send it to the person concerned.`,
  inviteUsage: 'Format: <code>/undang CODE kepala|staf</code>\nExample: <code>/undang DINKES kepala</code>',
  inviteRevoked: 'This invitation link has been revoked by an admin and can no longer be used. Please ask an admin for a new link.',
  inviteAlreadyMember: (role: string, opd: string) =>
    `You are already registered as <b>${role}</b> at <b>${opd}</b>. This invitation link does not change your role or your OPD, so nothing was changed. Please contact an admin if it really needs to be changed.`,
  invitePending: (role: string, opd: string) =>
    `Your request to be registered as <b>${role}</b> at <b>${opd}</b> has been passed to the admins. Please wait for their approval; you will be told the outcome in this chat.`,
  inviteRejected: 'Sorry, your registration request through this link was not approved by an admin. Please contact an admin if this is a mistake.',
  inviteNeedsApproval: 'A head (kepala) who opens this link is registered only once an admin approves.',
  inviteRevokeHint: (id: number) => `To revoke this link: <code>/undangan cabut ${id}</code>`,
  invitesHeader: (n: number) => `<b>Invitation links still valid</b> (${n}):`,
  invitesEmpty: 'There are no invitation links still valid.',
  inviteLine: (id: number, role: string, opd: string, uses: number, max: number, until: string, creator: string) =>
    `• <b>#${id}</b> ${role} ${opd}: used ${uses} of ${max}, valid until ${until}, created by ${creator}`,
  invitesFooter: 'Press a button below, or send <code>/undangan cabut NUMBER</code>, to revoke a link.',
  invitesUsage:
    'Format: <code>/undangan</code> to see the invitation links still valid, or <code>/undangan cabut NUMBER</code> to revoke one link.\nExample: <code>/undangan cabut 12</code>',
  btnRevoke: (id: number) => `Revoke #${id}`,
  inviteRevokedOk: (id: number, role: string, opd: string) => `Invitation link #${id} (${role} ${opd}) has been revoked; whoever opens it is told that it was revoked.`,
  inviteRevokeAlready: (id: number) => `Invitation link #${id} was already revoked; nothing was changed.`,
  inviteRevokeUnknown: (ref: string) => `Invitation link “${ref}” was not found. Type /undangan to see the numbers of the links still valid.`,
  joinRequest: (name: string, username: string | null, telegramId: number, role: string, opd: string, creator: string) =>
    `🔔 <b>Registration request</b>\n${name}${username ? ` (@${username})` : ''}, Telegram ID <code>${telegramId}</code>, opened the <b>${role}</b> invitation link for ${opd} created by ${creator}.\nPlease make sure it is the right person, then choose <b>Setujui</b> (approve) or <b>Tolak</b> (reject).`,
  joinApprovedAdmin: (name: string, role: string, opd: string) => `✅ ${name} has been approved and registered as <b>${role}</b> at ${opd}.`,
  joinRejectedAdmin: (name: string, opd: string) => `❌ ${name}'s request for ${opd} has been rejected; the person has been told.`,
  joinRejectedPerson: (role: string, opd: string) =>
    `Sorry, your request to be registered as <b>${role}</b> at <b>${opd}</b> was not approved by an admin. Please contact an admin if this is a mistake.`,
  joinDecided: (approved: boolean, by: string) => `This request has already been ${approved ? 'approved' : 'rejected'} by ${by}; nothing was changed.`,
  joinConflict: (role: string) =>
    `This person's registration has changed since (now ${role}), so the approval cannot be applied. Please use /peran if needed; nothing was changed.`,
  joinUnknown: 'This registration request was not found; nothing was changed.',

  // --- deactivation
  accountInactive: 'Sorry, your Arahan account has been deactivated by an admin, so this request cannot be handled. Please contact an admin if this is a mistake.',
  deactivateUsage:
    'Format: <code>/nonaktif TELEGRAM_ID [reason]</code>, <code>/nonaktif @username [reason]</code> or <code>/nonaktif Full Name | reason</code>\nExample: <code>/nonaktif 123456789 transferred</code>',
  activateUsage: 'Format: <code>/aktifkan TELEGRAM_ID</code>, <code>/aktifkan @username</code> or <code>/aktifkan Full Name</code>\nExample: <code>/aktifkan 123456789</code>',
  personNotFound: (ref: string) => `No user “${ref}” was found. Please check the Telegram ID, @username or full name; nothing was changed.`,
  personSuggestions: 'Did you mean:',
  personAmbiguous: (ref: string) => `More than one user is named “${ref}”. Please repeat with the Telegram ID of one of them below; nothing was changed.`,
  personLine: (name: string, role: string, opd: string | null, telegramId: number, active: boolean) =>
    `• ${name} — ${role}${opd ? ` ${opd}` : ''}, ID <code>${telegramId}</code>${active ? '' : ' (deactivated)'}`,
  deactivated: (name: string, role: string, reason: string | null, telegramId: number) =>
    `${name} (${role}) has been deactivated${reason ? `, reason: ${reason}` : ''}. From now on their acknowledgements, reports, requests and commands are refused; their history is kept.\nTo undo: <code>/aktifkan ${telegramId}</code>`,
  deactivatedHeadless: (opd: string) =>
    `⚠️ ${opd} now has no active head, so reminders and escalations for the head are not sent. Please invite a new head with <code>/undang CODE kepala</code> or name an acting head with <code>/plt</code>.`,
  alreadyInactive: (name: string, since: string) => `${name} has been deactivated since ${since}; nothing was changed.`,
  lastAdmin: (name: string) =>
    `Sorry, ${name} is the only active admin; once deactivated, nobody could manage Arahan any more. Please make someone else admin first (<code>/peran TELEGRAM_ID admin</code>). Nothing was changed.`,
  reactivated: (name: string, role: string, opd: string | null) => `${name} has been reactivated as <b>${role}</b>${opd ? ` at ${opd}` : ''}.`,
  alreadyActive: (name: string) => `${name} is still active; nothing was changed.`,

  // --- OPD set-up
  opdListHeader: (n: number) => `<b>OPD list</b> (${n}):`,
  opdListEmpty: 'There are no OPDs yet. An admin can add one with <code>/opd tambah CODE OPD name</code>.',
  opdLine: (code: string, name: string, cluster: string | null, status: string) => `• <b>${code}</b> — ${name}${cluster ? ` (${cluster})` : ''}: ${status}`,
  chatStatus: {
    none: 'group not linked yet',
    linked: 'group linked ✅',
    removed: '⚠️ bot was removed from the group',
    unreachable: '⚠️ group cannot be reached',
  } as Record<string, string>,
  opdAddUsage: 'Format: <code>/opd tambah CODE OPD name [| Cluster]</code>\nExample: <code>/opd tambah DINKES Dinas Kesehatan | Sosial</code>',
  opdBadCode: 'An OPD code may contain only letters, digits, dots, underscores or hyphens (2–32 characters). Example: DINKES.',
  opdAdded: (code: string, name: string) => `OPD <b>${code}</b> — ${name} has been added.`,
  opdUpdated: (code: string, name: string) => `OPD <b>${code}</b> — ${name} has been updated.`,
  opdNameEmpty:
    'The OPD name cannot be read: once control and invisible characters are removed, nothing is left. Please write the full OPD name in ordinary letters.\nExample: <code>/opd tambah DINKES Dinas Kesehatan | Sosial</code>',
  opdNameShortened: (nameMax: number, clusterMax: number) =>
    `Note: an OPD name may be at most ${nameMax} characters long and a cluster name ${clusterMax}; what was longer has been cut as shown above. If needed, please send it again with a shorter name.`,
  unknownOpd: (code: string) => `No OPD with code <b>${code}</b> was found. Type /opd to see the list of codes.`,
  linkUsage: 'Format: <code>/daftar CODE</code> inside the OPD group. Example: <code>/daftar DINKES</code>',
  linked: (code: string, name: string) => `This group is now linked to <b>${code}</b> — ${name}. The leadership's instructions for this OPD will be sent to this group.`,
  roleUsage:
    'Format: <code>/peran TELEGRAM_ID ROLE [OPD_CODE]</code>\nRoles: admin, pimpinan, sekretariat, kepala, staf. Kepala and staf need an OPD code.\nExample: <code>/peran 123456789 kepala DINKES</code>',
  roleBadId: 'The Telegram ID must be a number. Example: <code>/peran 123456789 sekretariat</code>',
  roleUnknown: (role: string) => `Role “${role}” is not recognised. Choices: admin, pimpinan, sekretariat, kepala, staf.`,
  roleNeedsOpd: 'The kepala and staf roles need an OPD code. Example: <code>/peran 123456789 staf DINKES</code>',
  rolePersonUnknown: (id: string) => `No user with ID ${id} has registered yet. Please ask the person to open the invitation link or press /start first.`,
  roleSet: (name: string, role: string, opd: string | null) => `${name}'s role is now <b>${role}</b>${opd ? ` at ${opd}` : ''}.`,
  botRemoved: (code: string) => `⚠️ The bot was removed from the group of OPD <b>${code}</b>. Instructions cannot be sent until the group is linked again.`,

  // --- issuing
  draftAskText:
    'Please write the <b>text of the instruction</b> in one message.\n\nOr send everything at once in letter form (the header words stay in Indonesian):\n<code>/arahan\nKepada: semua\nKonfirmasi: 2 jam\nSelesai: Jumat 16.00\nSifat: segera\n\nText of the instruction ...</code>\n\nType /batal_draf to cancel.',
  draftAskTargets: 'Who is this instruction addressed to?',
  draftTargetAll: 'All OPDs',
  draftTargetPick: 'Choose OPDs',
  draftPickTitle: (n: number) => `Choose the recipient OPDs (selected: ${n}). Press <b>Done</b> when finished.`,
  draftPickDone: 'Done ✔',
  draftPickNone: 'Please choose at least one OPD.',
  draftAskAck:
    'Please set the <b>acknowledgement deadline</b>.\nExamples (in Indonesian): 2 jam (2 hours), hari ini 16.00 (today 16.00), besok 09.00 (tomorrow 09.00), 28/11 17.00.',
  draftAskDue: 'Please set the <b>follow-up (completion) deadline</b>.\nExamples (in Indonesian): 3 hari (3 days), Jumat 16.00 (Friday 16.00), 28 November 2026 17.00.',
  draftAskPriority: 'Please choose the <b>priority</b> of the instruction:',
  draftCancelled: 'The draft instruction was cancelled. Nothing was sent.',
  draftNone: 'No draft instruction is in progress. Type /arahan to start one.',
  draftPreviewWaiting: 'The instruction preview is waiting for your decision: please press <b>Send</b> or <b>Cancel</b> on the preview message.',
  draftExpired: 'This draft is no longer valid. Type /arahan to write a new instruction.',
  previewTitle: '<b>Instruction preview</b>',
  previewTargets: (label: string, n: number) => `To: ${label} (${n_(n, 'OPD')})`,
  previewNoChat: (codes: string) => `⚠️ No linked group yet: ${codes}. The instruction cannot be sent to these OPDs.`,
  previewConfirm: 'Please check it once more, then press <b>Send</b> or <b>Cancel</b>.',
  draftClusterButton: (name: string) => `Cluster ${name}`,
  previewPriority: (priority: string) => `Priority: ${priority}`,
  previewAck: (at: string) => `Acknowledge by: <b>${at}</b>`,
  previewDue: (at: string) => `Done by: <b>${at}</b>`,
  previewOffDay: (which: 'ack' | 'due', weekday: string, holiday: string | null, next: string) =>
    `⚠️ The ${which === 'ack' ? 'acknowledgement' : 'completion'} deadline falls on ${holiday === null ? `a ${weekday}` : `a national holiday${holiday ? `: ${holiday}` : ''} (${weekday})`}, not a working day. Press <b>Move</b> to move it to the next working day (${next}), or leave it if that is intended.`,
  previewShiftButton: (which: 'ack' | 'due', next: string) => `Move ${which === 'ack' ? 'acknowledgement' : 'completion'} to ${next}`,
  send: 'Send',
  cancel: 'Cancel',
  textEmpty: 'The text of the instruction is empty. Please write the text after the header lines (Kepada, Konfirmasi, Selesai, Sifat).',
  textTooLong: (max: number, got: number) =>
    `The text of the instruction is too long (${got} characters). Limit: ${max} characters. Please shorten it or split it into several instructions.`,
  targetsMissing: 'The <b>Kepada</b> (to) line is missing. Examples: <code>Kepada: semua</code>, <code>Kepada: klaster Ekonomi</code>, <code>Kepada: DINKES, BPBD</code>.',
  targetsBad: (raw: string) => `Recipient “${raw}” is not recognised. Examples: semua (all), klaster Ekonomi, DINKES, BPBD.`,
  targetsUnknownCodes: (codes: string) => `Unknown OPD codes: ${codes}. Type /opd to see the list of codes.`,
  targetsUnknownCluster: (name: string, known: string) => `Cluster “${name}” is not recognised. Existing clusters: ${known || '(none yet)'}.`,
  targetsEmpty: 'No OPDs are registered yet. Please ask an admin to add OPDs first.',
  ackMissing: 'The <b>Konfirmasi</b> (acknowledgement deadline) line is missing. Example: <code>Konfirmasi: 2 jam</code>.',
  dueMissing: 'The <b>Selesai</b> (completion deadline) line is missing. Example: <code>Selesai: Jumat 16.00</code>.',
  deadlineProblem: {
    empty: 'The deadline is missing. Examples (in Indonesian): 2 jam (2 hours), besok 09.00 (tomorrow 09.00), Jumat 16.00 (Friday 16.00), 28/11 17.00, 28 November 2026 17.00.',
    unrecognised: (input: string) =>
      `Time format not recognised: “${input}”. Examples (in Indonesian): 2 jam (2 hours), besok 09.00 (tomorrow 09.00), Jumat 16.00 (Friday 16.00), 28/11 17.00, 28 November 2026 17.00. Without a time, the deadline is 16:00.`,
    badDate: (input: string) =>
      `Invalid date: “${input}”. Examples (in Indonesian): 2 jam (2 hours), besok 09.00 (tomorrow 09.00), Jumat 16.00 (Friday 16.00), 28/11 17.00, 28 November 2026 17.00.`,
    badTime: (input: string) => `Invalid time: “${input}”. Please use a time from 00:00 to 23:59.`,
    weekdayMismatch: (date: string, actual: string, named: string) => `${date} is a ${actual}, not a ${named}.`,
  },
  priorityBad: (raw: string) => `Priority “${raw}” is not recognised. Choices: biasa, penting, segera.`,
  ackInPast: (at: string) => `The acknowledgement deadline (${at}) has already passed. Please choose a time in the future.`,
  dueInPast: (at: string) => `The follow-up deadline (${at}) has already passed. Please choose a time in the future.`,
  dueBeforeAck: (due: string, ack: string) => `The follow-up deadline (${due}) may not be earlier than the acknowledgement deadline (${ack}).`,
  issued: (number: string, n: number) => `Instruction <b>${number}</b> is being sent to ${n_(n, 'OPD group')}.`,
  issuedProgress: (number: string, n: number, sent: number) => `Instruction <b>${number}</b> is being sent to ${n_(n, 'OPD group')} (${sent}/${n}).`,
  issuedDelivered: (number: string, sent: number, n: number) => `Instruction <b>${number}</b> was delivered to ${sent}/${n} ${n === 1 ? 'OPD group' : 'OPD groups'}.`,
  issuedNoChat: (codes: string) => `⚠️ Not sent because the OPD group is not linked yet: ${codes}. Please ask an admin to link the group with /daftar.`,
  // --- on whose behalf (a secretariat member issues in the name of a pimpinan)
  draftAskBehalf: 'An instruction from the secretariat is sent on behalf of a leader. Please choose <b>on whose behalf</b> it is sent:',
  behalfNoPimpinan: "No active leader (pimpinan) is registered, so the instruction cannot be sent on anyone's behalf yet. Please contact an admin.",
  behalfMissing: 'An instruction from the secretariat must be sent on behalf of a leader. Please choose the leader first (or add the line <code>Atas nama: NAME</code>).',
  behalfUnknown: (raw: string, known: string) => `Leader “${raw}” not found. Registered leaders: ${known || '(none yet)'}.`,
  behalfNotAllowed: 'A leader sends instructions in their own name. The <b>Atas nama</b> line is for the secretariat only.',
  previewOnBehalf: (leader: string, sender: string) => `On behalf of: <b>${leader}</b> (sent by ${sender})`,
  behalfNotice: (number: string, sender: string, label: string, n: number, code: string) =>
    `📌 Instruction <b>${number}</b> was sent <b>on your behalf</b> by ${sender} to ${label} (${n === 1 ? '1 OPD' : `${n} OPDs`}).\n🔐 Verification code: <code>${code}</code>\n\nSummary:`,

  // --- the OPD's message
  groupMessageTitle: (number: string, priority: string) => `📌 <b>INSTRUCTION ${number}</b> — Priority: ${priority}`,
  groupFrom: (issuer: string) => `From: ${issuer}`,
  groupOnBehalf: (sender: string, leader: string) => `Sent by ${sender} on behalf of ${leader}`,
  verifyLine: (number: string, code: string) => `🔐 Verification code: <code>${code}</code> (check it: <code>/cek ${number} ${code}</code> in a private chat with the bot)`,
  groupAckBy: (deadline: string) => `Please acknowledge before <b>${deadline}</b>.`,
  groupDueBy: (deadline: string) => `Follow-up to be completed no later than <b>${deadline}</b>.`,
  groupAcked: (name: string, at: string) => `✅ Acknowledged by ${name} at ${at}.`,
  groupCancelled: '❌ This instruction has been cancelled.',
  groupClosed: '🔒 This instruction has been closed.',
  groupReportAccepted: "✔ This OPD's completion report has been <b>accepted</b>.",
  btnAck: '✅ Acknowledged',
  btnReport: '📝 Send report',

  // --- acknowledgement answers (callback alerts are plain text, max 200 characters)
  ackThanks: 'Thank you, your acknowledgement has been recorded.',
  ackAlready: (name: string, at: string) => `This instruction was already acknowledged by ${name} at ${at}.`,
  ackNotRegistered: 'Sorry, you are not registered in Arahan, so your acknowledgement cannot be recorded. Please contact an admin.',
  ackInactive: 'Sorry, your account is not active in Arahan. Please contact an admin.',
  ackNotMember: (opd: string) => `Sorry, only the head or staff of ${opd} can acknowledge this instruction.`,
  ackClosed: 'This instruction has been closed or cancelled; acknowledgement is no longer needed.',
  ackUnknown: 'This instruction was not found. Please contact the secretariat.',
  reportSoon: 'Sending reports will be available soon.',

  // --- the issuer's summary
  summaryTitle: (number: string) => `📊 <b>${number}</b>`,
  summaryAck: (acked: number, total: number) => `${acked}/${total} OPDs have acknowledged`,
  summaryFailed: (n: number) => `⚠️ ${n_(n, 'OPD')} could not be reached yet`,
  summaryPaid: (n: number) => `⭐ ${n_(n, 'message')} sent with Telegram's paid broadcast`,
  summaryAckDeadline: (deadline: string) => `Acknowledgement deadline: ${deadline}`,
  summaryAllAcked: 'Every OPD has acknowledged.',

  // --- queries
  belumNone: 'Every OPD has acknowledged.',
  belumHeader: (n: number) => `<b>Not yet acknowledged</b> (${n_(n, 'OPD')}):`,
  belumGroup: (number: string, deadline: string) => `\n<b>${number}</b> — deadline ${deadline}`,
  belumLine: (code: string, name: string, since: string) => `• ${code} — ${name}: ${since}`,
  sinceDelivery: (d: string) => `${d} since delivery`,
  notDelivered: (why: string) => `not delivered yet (${why})`,
  statusHeader: (number: string, state: string, acked: number, total: number) => `<b>Status of ${number}</b> (${state})\n${acked} of ${total} OPDs have acknowledged.`,
  statusLine: (code: string, name: string, state: string) => `• ${code} — ${name}: ${state}`,
  instructionStateName: { open: 'open', closed: 'closed', cancelled: 'cancelled' } as Record<string, string>,
  /** An OPD's part of an open instruction, as listed by /rekap KODE. */
  assignmentStateName: {
    pending: 'not delivered yet',
    delivered: 'not acknowledged yet',
    acknowledged: 'acknowledged',
    in_progress: 'in progress',
    reported: 'awaiting review',
  } as Record<string, string>,
  stAcked: (by: string, at: string, late: boolean) => `✅ acknowledged by ${by}, ${at}${late ? ' (late)' : ''}`,
  stDelivered: (at: string) => `⏳ delivered ${at}, not acknowledged yet`,
  stQueued: 'queued for delivery',
  stSending: 'being sent',
  stFailed: (why: string) => `⚠️ delivery failed: ${why}`,
  stNoChat: '⚠️ group not linked yet',
  stCancelled: 'cancelled',
  statusUsage: 'Format: <code>/status NUMBER</code>. Example: <code>/status ARH-2026-0042</code>',

  // --- reminders and escalation
  opdUnreachable: (code: string, name: string, reason: string) =>
    `⚠️ The group of OPD <b>${code}</b> — ${name} cannot be reached by the bot (${reason}). Messages for this OPD were not delivered. Please ask an admin to check the group and link it again with /daftar.`,
  timeLeft: (d: string) => `Time left: ${d}`,
  timePast: (d: string) => `The deadline passed ${d} ago`,
  remindAck: (number: string, opd: string, deadline: string, left: string) =>
    `⏰ <b>Reminder</b>: instruction <b>${number}</b> for ${opd} has not been acknowledged yet.\nAcknowledgement deadline: <b>${deadline}</b>. ${left}.\nPlease press ✅ <b>Siap, diterima</b> (acknowledge) on the instruction message.`,
  escalateSecretariat: (number: string, opd: string, heads: string, late: string, deadline: string) =>
    `⚠️ <b>Escalation</b>: ${opd} has not acknowledged instruction <b>${number}</b>.\nHead: ${heads}.\nLate by ${late} (deadline ${deadline}).\nPlease follow up.`,
  escalatePimpinan: (number: string, opd: string, heads: string, late: string, deadline: string) =>
    `⚠️ <b>Escalation to the leadership</b>: ${opd} has not acknowledged instruction <b>${number}</b> despite reminders and a report to the secretariat.\nHead: ${heads}.\nLate by ${late} (deadline ${deadline}).`,
  remindDueDayBefore: (number: string, opd: string, due: string) =>
    `⏰ <b>Follow-up reminder</b>: instruction <b>${number}</b> for ${opd} must be completed tomorrow, <b>${due}</b>. Please prepare the report.`,
  remindDueMorning: (number: string, opd: string, due: string) =>
    `⏰ <b>Today is the deadline</b> for the follow-up of instruction <b>${number}</b> for ${opd}: <b>${due}</b>. Please send the report on time.`,
  overdueOpd: (number: string, opd: string, due: string) =>
    `⚠️ The follow-up of instruction <b>${number}</b> by ${opd} is past its deadline (<b>${due}</b>). Please <b>report immediately</b>.`,
  overdueSecretariat: (number: string, opd: string, due: string) =>
    `⚠️ The follow-up of instruction <b>${number}</b> by ${opd} is late: the deadline ${due} has passed without a completion report.`,
  overdueDaily: (number: string, opd: string, late: string) =>
    `⚠️ The follow-up of instruction <b>${number}</b> by ${opd} is still late by ${late}. Please <b>report immediately</b>.`,
  noHead: 'no head registered yet',

  // --- closing, cancelling, extending
  manageUsage: (command: string) => `Format: <code>${command} NUMBER</code>. Example: <code>${command} ARH-2026-0042</code>`,
  extendUsage: 'Format: <code>/perpanjang NUMBER NEW_DEADLINE</code>. Example: <code>/perpanjang ARH-2026-0042 Jumat 16.00</code>',
  notIssuer: 'Sorry, only the issuer of the instruction or the secretariat can change this instruction.',
  alreadyEnded: (number: string, state: string) => `Instruction <b>${number}</b> is already ${state}; nothing was changed.`,
  closed: (number: string) => `Instruction <b>${number}</b> has been closed. Reminders for this instruction have stopped.`,
  cancelled: (number: string, n: number) => `Instruction <b>${number}</b> has been cancelled. ${n_(n, 'OPD group')} ${n === 1 ? 'was' : 'were'} notified.`,
  cancelledGroup: (number: string) => `❌ Instruction <b>${number}</b> has been <b>cancelled</b>. Please do not act on it.`,
  extended: (number: string, due: string) => `The follow-up deadline of instruction <b>${number}</b> has been extended to <b>${due}</b>. Reminders have been rescheduled.`,
  extendedGroup: (number: string, due: string) => `📅 The follow-up deadline of instruction <b>${number}</b> has been extended to <b>${due}</b>.`,
  resent: (number: string, n: number) => `Resending instruction <b>${number}</b> to ${n_(n, 'OPD group')} is in progress. Type /status ${number} to follow it.`,
  resentNone: (number: string) => `There are no failed deliveries of instruction <b>${number}</b> that can be resent (OPD groups that are not linked yet need /daftar first).`,
  extendNotLater: (due: string) => `The new deadline (${due}) must be in the future.`,

  // --- reminder plan, quiet hours, acting heads
  planHeader: (number: string) => `<b>Reminder plan for ${number}</b>:`,
  planNone: 'No reminders are scheduled (every OPD has acknowledged/completed, or the instruction has been closed).',
  planLine: (code: string, what: string, who: string, at: string) => `• ${code}: ${what} for ${who} — ${at}`,
  stepName: {
    ack_reminder: 'acknowledgement reminder',
    escalate_secretariat: 'escalation to the secretariat',
    escalate_pimpinan: 'escalation to the leadership',
    due_day_before: 'reminder one day before',
    due_morning: 'reminder on the morning of the deadline',
    overdue: 'overdue notice',
    overdue_daily: 'daily overdue reminder',
  } as Record<string, string>,
  whoOpd: 'the OPD group and head',
  whoSecretariat: 'the secretariat',
  whoIssuer: 'the issuer',
  whoOpdSecretariat: 'the OPD group, head and secretariat',
  quietShow: (range: string, days: string) =>
    `Quiet hours: <b>${range}</b> (working days: ${days}; national holidays and collective leave days excluded).\nReminders of normal and important priority during quiet hours or on holidays are postponed to the start of the next working hours; urgent ones are still sent.\nAn admin can change this: <code>/senyap 21.00-06.00</code> or <code>/senyap mati</code> (off).`,
  quietSet: (range: string) => `Quiet hours changed to <b>${range}</b>.`,
  quietUsage: 'Format: <code>/senyap 21.00-06.00</code> or <code>/senyap mati</code> (off).',
  pltUsage:
    'Format: <code>/plt CODE TELEGRAM_ID FROM TO</code> (dates as 28/11/2026 or 2026-11-28), or <code>/plt CODE hapus</code> (remove).\nExample: <code>/plt DINKES 123456789 1/12/2026 10/12/2026</code>',
  pltBadDates: 'Invalid date. Please use 28/11/2026 or 2026-11-28, and the end date may not be before the start date.',
  pltSet: (name: string, opd: string, from: string, to: string) =>
    `${name} is appointed acting head (Plt/Plh) of ${opd} from ${from} to ${to}, and will receive the OPD head's reminders.`,
  pltRemoved: (opd: string, n: number) => `${n_(n, 'acting head (Plt/Plh) appointment')} for ${opd} removed.`,
  pltList: (opd: string, lines: string) => `Plt/Plh ${opd}:\n${lines || '(none)'}`,

  // --- reports
  btnExtend: '⏳ Request extension',
  reportStart: (number: string, opd: string) =>
    `📝 <b>Follow-up report ${number}</b> — ${opd}.\nPlease send the report description (text) and photos/documents as evidence, in one or several messages. When it is complete, choose <b>Send as progress</b> or <b>Send as completed</b>.`,
  reportCollected: (number: string, hasText: boolean, files: number) =>
    `Received for report <b>${number}</b>: ${hasText ? 'text description' : 'no text description yet'}${files ? `, ${n_(files, 'attachment')}` : ''}.\nSend more if needed, then choose:`,
  btnSendProgress: 'Send as progress',
  btnSendDone: 'Send as completed',
  btnCancelReport: 'Cancel',
  reportEmpty: 'The report is still empty. Please send a text description or a photo/document first.',
  reportTooLong: (max: number) => `The report description is too long (limit ${max} characters). Please shorten it.`,
  reportNone: 'No report is being prepared. Press 📝 <b>Kirim laporan</b> (send report) on the instruction message in the OPD group.',
  reportCancelled: 'The report was cancelled. Nothing was sent.',
  reportSent: (number: string, kind: string) => `Thank you. The ${kind} report for instruction <b>${number}</b> has been recorded and forwarded to the issuer.`,
  reportSentGroup: (name: string, number: string) => `📝 A progress report from ${name} for instruction <b>${number}</b> has been recorded and forwarded.`,
  reportKindDone: 'completion',
  reportKindProgress: 'progress',
  reportNoText: '(no text description)',
  reportForward: (number: string, opd: string, who: string, kind: string, text: string, files: number) =>
    `📝 <b>${kind.charAt(0).toUpperCase()}${kind.slice(1)} report</b> — instruction <b>${number}</b>\nFrom: ${opd} (${who})\n\n${text}${files ? `\n\nAttachments: ${n_(files, 'file')}.` : ''}`,
  reportAttachment: (number: string, opd: string, i: number, n: number) => `Attachment ${i}/${n} — ${number} ${opd}`,
  reportOpenPrivate: 'Please continue in your private chat with the bot.',
  reportRefused: {
    instruction_closed: 'This instruction has been closed or cancelled; reports are no longer accepted.',
    cancelled: 'This instruction has been cancelled; reports are no longer accepted.',
    awaiting_review: "This OPD's completion report is awaiting review by the issuer. Please wait for the decision.",
    already_done: "This OPD's follow-up has already been declared completed.",
    unknown: 'This instruction was not found. Please contact the secretariat.',
  } as Record<string, string>,
  reportNotMember: (opd: string) => `Sorry, only the head or staff of ${opd} can send a report for this instruction.`,
  btnAccept: '✔ Accept',
  btnReturn: '↩ Return',
  reviewAskReason: (number: string, opd: string) => `Please write the <b>reason for returning</b> report ${number} from ${opd}. The reason will be forwarded to the OPD group.`,
  reviewReasonEmpty: 'The reason for returning is empty. Please write the reason.',
  reasonTooLong: (max: number) => `The reason is too long (limit ${max} characters). Please shorten it and send it again.`,
  reviewAccepted: (number: string, opd: string) => `✔ The completion report of ${opd} for instruction <b>${number}</b> has been accepted.`,
  reviewReturned: (number: string, opd: string) => `↩ The report of ${opd} for instruction <b>${number}</b> has been returned. The OPD group has been notified.`,
  reviewAcceptedGroup: (number: string) => `✔ The completion report for instruction <b>${number}</b> has been <b>accepted</b>. Thank you for the follow-up.`,
  reviewReturnedGroup: (number: string, reason: string) =>
    `↩ The report for instruction <b>${number}</b> has been <b>returned</b> by the issuer.\nReason: ${reason}\nPlease complete it and send it again.`,
  reviewDecidedBy: (what: string, who: string, when: string) => `This report has already been decided: ${what} by ${who} on ${when}. Nothing was changed.`,
  reviewRefused: {
    already_decided: 'This report has already been decided; nothing was changed.',
    not_awaiting: 'This report is not awaiting review.',
    instruction_closed: 'This instruction has been cancelled.',
    not_reviewer: 'Sorry, only the issuer of the instruction or the secretariat can review this report.',
    unknown: 'The report was not found.',
  } as Record<string, string>,
  allDone: (number: string) => `🎉 Every OPD has completed instruction <b>${number}</b>. The instruction is closed.`,
  reportsHeader: (number: string, n: number) => `<b>Reports for ${number}</b> (${n}):`,
  reportsNone: (number: string) => `There are no reports yet for instruction <b>${number}</b>.`,
  reportsOpd: (code: string, name: string) => `\n<b>${code}</b> — ${name}`,
  reportsLine: (at: string, kind: string, who: string, review: string, text: string, files: number) =>
    `• ${at} — ${kind} by ${who}${review}${files ? `, ${n_(files, 'attachment')}` : ''}\n  ${text}`,
  reviewStateName: { pending: ' (awaiting review)', accepted: ' (accepted)', returned: ' (returned)', none: '' } as Record<string, string>,
  btnFiles: (code: string, i: number) => `📎 Attachments ${code} #${i}`,
  filesNone: 'This report has no attachments.',

  // --- extension requests
  extUsage:
    'Format: <code>/minta_perpanjangan NUMBER NEW_DEADLINE REASON</code>\nExample: <code>/minta_perpanjangan ARH-2026-0042 Jumat 16.00 waiting for data from the districts</code>',
  extReasonMissing: 'The reason for the extension is missing. Please write the reason after the date.',
  extNotMember: 'Sorry, only the head or staff of a recipient OPD can request an extension.',
  extNotLater: (due: string) => `The new deadline must be after the current deadline (${due}) and in the future.`,
  extPending: 'An extension request for this instruction is still awaiting a decision.',
  extAskDate: (number: string, due: string) =>
    `⏳ Extension request for <b>${number}</b>. Current deadline: ${due}.\nPlease write the <b>new deadline</b>. Examples (in Indonesian): Jumat 16.00 (Friday 16.00), 28/11 17.00.`,
  offDayNote: (weekday: string, holiday: string | null, next: string) =>
    `⚠️ That date falls on ${holiday === null ? `a ${weekday}` : `a national holiday${holiday ? `: ${holiday}` : ''} (${weekday})`}, not a working day. The next working day at the same time: <b>${next}</b>.`,
  shiftTo: (next: string) => `Move to ${next}`,
  extShifted: (due: string) => `The requested date has been moved to <b>${due}</b>. Please write the <b>reason</b> for the extension.`,
  extShiftGone: 'This extension request has already been sent or cancelled, so its date can no longer be moved.',
  extSentOffDayShift:
    'The request was sent with that date. Press <b>Move</b> to move it to the next working day while it has not been decided, or leave it if that date is intended.',
  extRequestShifted: (number: string, due: string) =>
    `The requested date for instruction <b>${number}</b> has been moved to <b>${due}</b>. The issuer and the secretariat see the new date.`,
  extRequestShiftDecided: (what: string, who: string, when: string) => `This request has already been decided (${what} by ${who} on ${when}), so its date was not moved.`,
  extRequestShiftNone: 'The requested date is already on a working day; nothing was moved.',
  extendShiftGone: 'The deadline of this instruction has changed since that message, so it was not moved.',
  extAskReason: 'Please write the <b>reason</b> for the extension.',
  extSent: (number: string, due: string) => `The request to extend instruction <b>${number}</b> to <b>${due}</b> has been sent to the issuer.`,
  extRequest: (number: string, opd: string, who: string, from: string, to: string, reason: string) =>
    `⏳ <b>Extension request</b> for instruction <b>${number}</b>\nFrom: ${opd} (${who})\nCurrent deadline: ${from}\nRequested: <b>${to}</b>\nReason: ${reason}`,
  btnApprove: 'Approve',
  btnRefuse: 'Refuse',
  extApproved: (number: string, opd: string, due: string) => `The extension for ${opd} on instruction <b>${number}</b> has been approved until <b>${due}</b>.`,
  extRefusedMsg: (number: string, opd: string) => `The extension request from ${opd} for instruction <b>${number}</b> has been refused.`,
  extApprovedGroup: (number: string, due: string) =>
    `📅 The extension request for instruction <b>${number}</b> has been <b>approved</b>. The follow-up deadline is now <b>${due}</b>.`,
  extRefusedGroup: (number: string, due: string) => `The extension request for instruction <b>${number}</b> has <b>not been approved</b>. The deadline remains <b>${due}</b>.`,
  extSuperseded: (due: string) => `This OPD's deadline has meanwhile been moved to ${due}, no earlier than requested. Approving would bring it forward; nothing was changed.`,
  extDecided: 'This request has already been decided; nothing was changed.',
  extDecidedBy: (what: string, who: string, when: string) => `This request has already been decided: ${what} by ${who} on ${when}. Nothing was changed.`,
  // --- obstacles (kendala)
  btnObstacle: '⚠️ Obstacle',
  obsStart: (number: string, opd: string) =>
    `⚠️ <b>Obstacle on instruction ${number}</b> — ${opd}.\nPlease describe the obstacle you face (text) and attach supporting photos/documents if any, in one or more messages. When complete, press <b>Send obstacle</b>.`,
  obsCollected: (number: string, hasText: boolean, files: number) =>
    `Received for the obstacle on <b>${number}</b>: ${hasText ? 'a description' : 'no description yet'}${files ? `, ${n_(files, 'attachment')}` : ''}.\nSend more if needed, then press <b>Send obstacle</b>.`,
  btnSendObstacle: 'Send obstacle',
  btnCancelObstacle: 'Cancel',
  obsEmpty: 'The obstacle has no description yet. Please describe the obstacle you face; nothing was recorded.',
  obsTooLong: (max: number) => `The description is too long (limit ${max} characters). Please shorten it; nothing was recorded.`,
  obsNone: 'No obstacle is being written. Please press ⚠️ <b>Obstacle</b> on the instruction message in the OPD group, or send <code>/kendala NUMBER description</code>.',
  obsCancelled: 'The obstacle was cancelled. Nothing was sent.',
  obsUsage:
    'Format: <code>/kendala NUMBER description</code>, or reply to the instruction message in the group with <code>/kendala description</code>.\nExample: <code>/kendala ARH-2026-0042 the budget cannot be disbursed yet</code>',
  obsNotMember: 'Sorry, only the head or staff of a target OPD can report an obstacle on this instruction.',
  obsSent: (number: string) =>
    `Thank you. The obstacle on instruction <b>${number}</b> has been recorded and forwarded to the issuer and the secretariat. Their answer will be posted in the OPD group.`,
  obsSentGroup: (name: string, number: string) => `⚠️ The obstacle from ${name} on instruction <b>${number}</b> has been recorded and forwarded to the issuer and the secretariat.`,
  obsForward: (number: string, opd: string, who: string, text: string, files: number) =>
    `⚠️ <b>Obstacle</b> — instruction <b>${number}</b>\nFrom: ${opd} (${who})\n\n${text}${files ? `\n\nAttachments: ${files} file(s).` : ''}\n\nPlease respond: <b>Answer</b>, <b>Extend</b> this OPD's due date, or <b>Handled</b>.`,
  obsAttachment: (number: string, opd: string, i: number, n: number) => `Obstacle attachment ${i}/${n} — ${number} ${opd}`,
  btnObsAnswer: '💬 Answer',
  btnObsExtend: (days: number) => `📅 Extend ${days} days`,
  btnObsHandled: '✔ Handled',
  obsAskAnswer: (number: string, opd: string) =>
    `Please write your <b>answer</b> to the obstacle of ${opd} on instruction <b>${number}</b>. It will be forwarded to the OPD group.`,
  obsAnswerEmpty: 'The answer is empty. Please write your answer.',
  obsAnswered: (number: string, opd: string) => `Your answer to the obstacle of ${opd} on instruction <b>${number}</b> has been forwarded to the OPD group.`,
  obsAnswerGroup: (number: string, who: string, text: string) => `💬 <b>Answer to the obstacle</b> on instruction <b>${number}</b> from ${who}:\n\n${text}`,
  obsHandledMsg: (number: string, opd: string) => `The obstacle of ${opd} on instruction <b>${number}</b> is marked <b>handled</b>. Its reminders have stopped.`,
  obsHandledGroup: (number: string, who: string) => `✔ The obstacle on instruction <b>${number}</b> has been declared <b>handled</b> by ${who}.`,
  obsExtendedMsg: (number: string, opd: string, due: string) => `The follow-up due date of ${opd} for instruction <b>${number}</b> is extended to <b>${due}</b>.`,
  obsExtendedGroup: (number: string, due: string) => `📅 In answer to the obstacle, the follow-up due date of instruction <b>${number}</b> is extended. It is now <b>${due}</b>.`,
  obsToldAnswered: (number: string, opd: string, who: string, text: string) =>
    `💬 The obstacle from <b>${opd}</b> on instruction <b>${number}</b> has been answered by ${who}:\n\n${text}`,
  obsToldHandled: (number: string, opd: string, who: string) => `✔ The obstacle from <b>${opd}</b> on instruction <b>${number}</b> has been marked handled by ${who}.`,
  obsToldExtended: (number: string, opd: string, who: string, due: string) =>
    `📅 In answer to the obstacle from <b>${opd}</b>, the follow-up due date of instruction <b>${number}</b> has been extended by ${who} to <b>${due}</b>.`,
  obsAlreadyHandled: (who: string, at: string) => `This obstacle was already marked handled by ${who} (${at}); nothing was changed.`,
  obsAlreadyExtended: (who: string, at: string) => `The due date was already extended from this obstacle by ${who} (${at}); nothing was changed.`,
  obsRefused: {
    not_decider: 'Sorry, only the issuer or the secretariat can respond to this obstacle.',
    closed: "This instruction is closed or this OPD's follow-up is finished; the due date was not changed.",
    not_target: 'Sorry, your OPD is not a target of this instruction; the obstacle was not recorded.',
    unknown: 'This obstacle was not found. Please contact the secretariat.',
  } as Record<string, string>,
  obsRemindIssuer: (number: string, opd: string, waited: string, text: string) =>
    `⏰ <b>Reminder</b>: the obstacle of ${opd} on instruction <b>${number}</b> has not been answered for ${waited}.\n\n${text}\n\nPlease respond with the buttons below.`,
  obsEscalate: (number: string, opd: string, issuer: string, waited: string, text: string) =>
    `🔺 <b>Obstacle escalation</b>: the obstacle of ${opd} on instruction <b>${number}</b> has not been answered by the issuer (${issuer}) for ${waited}.\n\n${text}\n\nPlease follow it up.`,
  summaryObstacles: (n: number) => `⚠️ ${n} OPD obstacle(s) not yet handled`,
  statusObstaclesHeader: (open: number) => `\n<b>Obstacles</b> (${open} not yet handled):`,
  statusObstacleLine: (code: string, at: string, text: string, state: string) => `• ${code} (reported ${at}): ${text} — ${state}`,
  obsStateOpen: '⚠️ not answered yet',
  obsStateAnswered: (who: string) => `💬 answered by ${who}, not yet handled`,
  obsStateHandled: (who: string, at: string) => `✔ handled by ${who} ${at}`,

  // --- delegation
  delegateUsage:
    'Format: <code>/tugaskan NUMBER</code> and then pick a staff member, or <code>/tugaskan NUMBER @username</code>, or <code>/tugaskan NUMBER Staff Name</code>. Example: <code>/tugaskan ARH-2026-0042 Budi</code>',
  delegateChoose: (number: string) => `Please choose the staff member you assign to follow up instruction <b>${number}</b>:`,
  delegateNoStaff: 'No active staff member of your OPD is registered yet. Please ask the admin to invite staff first (/undang).',
  delegateGone: 'This instruction has been closed or cancelled; no assignment is needed any more.',
  delegateOnlyHead: 'Sorry, only the OPD head (or acting head, Plt/Plh) can assign an instruction to staff.',
  delegateUnknown: (user: string) =>
    `${user ? `User ${user}` : 'That person'} was not found among your OPD's active staff. Please make sure they have registered with an invitation link, or send <code>/tugaskan NUMBER</code> to pick from the list.`,
  delegateNotTarget: 'This instruction is not addressed to your OPD.',
  delegated: (number: string, name: string) => `Instruction <b>${number}</b> has been assigned to ${name}. They will receive follow-up reminders and can send reports.`,
  delegatedDm: (number: string, by: string) =>
    `You have been assigned by ${by} to follow up instruction <b>${number}</b>. Please send reports with the 📝 <b>Kirim laporan</b> (send report) button on the instruction message in the OPD group.`,
  stHandledBy: (name: string) => ` — handled by ${name}`,
  stInProgress: (at: string) => `🔄 in progress (last report ${at})`,
  stReported: (at: string) => `📝 reported completed ${at}, awaiting review`,
  stDone: (at: string) => `✔ completed ${at}`,
  summaryDone: (done: number, total: number) => `${done}/${total} OPDs completed`,
  summaryOverdue: (n: number) => `⚠️ ${n_(n, 'OPD')} past the follow-up deadline`,

  // --- the secretariat's picture
  periodBad: (raw: string, examples: string) => `Period “${raw}” is not recognised. Examples: ${examples}.`,
  recapTitle: (label: string) => `📊 <b>Instruction recap</b> — ${label}`,
  recapTotal: 'All OPDs',
  recapLine: (received: number, ackPct: string, pending: number, median: string | null, donePct: string, overdue: number, reminders: number) =>
    `${n_(received, 'instruction')} · acknowledged on time ${ackPct}${pending ? ` (${pending} still within the deadline)` : ''}${median === null ? '' : ` · half acknowledged within ${median}`} · completed on time ${donePct} · late now ${overdue} · reminders ${reminders}`,
  recapOpd: (i: number, code: string, name: string) => `${i}. <b>${code}</b> — ${name}`,
  recapNoData: 'no instructions in this period',
  pageInfo: (page: number, pages: number) => `Page ${page} of ${pages}`,
  btnPrev: '‹ Previous',
  btnNext: 'Next ›',
  detailTitle: (code: string, name: string, label: string) => `📋 <b>${code}</b> — ${name}\nPeriod: ${label}`,
  detailOpen: (n: number) => `\n<b>Open instructions</b> (${n}):`,
  detailLate: (n: number) => `\n<b>Late</b> (${n}):`,
  detailTrend: '\n<b>Trend</b> (acknowledged on time · completed on time):',
  detailTrendLine: (label: string, received: number, ack: string, done: string) => `• ${label}: ${n_(received, 'instruction')} · ${ack} · ${done}`,
  detailItem: (number: string, state: string, due: string) => `• <b>${number}</b> — ${state}, completion deadline ${due}`,
  detailNone: '• (none)',
  lateHeader: (n: number) => `<b>Late</b> (${n}): acknowledgements and follow-ups, per OPD, longest first.`,
  lateOpd: (code: string, name: string) => `\n<b>${code}</b> — ${name}`,
  lateAckLine: (number: string, late: string) => `• <b>${number}</b>: not acknowledged, late by ${late}`,
  lateDueLine: (number: string, late: string) => `• <b>${number}</b>: follow-up past the deadline by ${late}`,
  lateMore: (n: number, code: string) => `• … and ${n} more — <code>/terlambat ${code}</code>`,
  lateNone: 'No acknowledgements or follow-ups are late.',
  searchUsage: 'Format: <code>/cari WORD</code> or <code>/cari NUMBER</code>. Example: <code>/cari banjir</code>',
  searchNone: (q: string) => `No instructions found for “${q}”.`,
  searchHeader: (q: string) => `🔎 Search results for “${q}”:`,
  searchLine: (number: string, date: string, state: string, text: string) => `• <b>${number}</b> (${date}, ${state})\n  ${text}`,
  exportSent: (label: string) => `Export of instructions for the period ${label}: an XLSX file (6 sheets) and an assignments CSV (semicolon-separated, UTF-8).`,
  exportQueued: (label: string) => `⏳ Certainly. The export files for the period ${label} (XLSX and CSV) are being prepared and will be sent to this chat shortly. Please wait.`,
  exportPending: (label: string) =>
    `⏳ The export for the period ${label} is still being prepared. The files will be sent to this chat as soon as they are ready; there is no need to ask again.`,
  exportFailed: (label: string) => `⚠️ We are sorry: the export for the period ${label} could not be prepared or sent. Please try again with /ekspor in a little while.`,
  exportTooBig: (file: string, label: string, rows: string, limitMb: number, example: string) =>
    `⚠️ We are sorry: <b>${file}</b> (period ${label}) cannot be sent because it is larger than Telegram's ${limitMb} MB limit for bots (${rows}). Please export a shorter period, for example <code>/ekspor ${example}</code>.`,
  exportRowsCsv: (n: number) => `${n.toLocaleString('en-US')} assignment rows`,
  exportRowsApel: (n: number) => `${n.toLocaleString('en-US')} roll-call rows`,
  exportRowsXlsx: (total: number, instructions: number, assignments: number, reports: number, events: number) =>
    `${total.toLocaleString('en-US')} rows: ${instructions.toLocaleString('en-US')} instructions, ${assignments.toLocaleString('en-US')} assignments, ${reports.toLocaleString('en-US')} reports, ${events.toLocaleString('en-US')} events`,
  exportFile: {
    title: (period: string) => `Instruction recap — ${period}`,
    sheet: { arahan: 'Instructions', penugasan: 'Assignments', laporan: 'Reports', kendala: 'Obstacles', kejadian: 'Events', apel: 'Roll-calls' },
    yes: 'Yes',
    no: 'No',
    none: '-',
    /** A time cell, "02/11/2026 09:05": day first and HH:MM, as the English messages write dates (parts already zero-padded; called once per cell, so kept to one template). */
    time: (day: string, month: string, year: number, hour: string, minute: string) => `${day}/${month}/${year} ${hour}:${minute}`,
    priority: { biasa: 'Normal', penting: 'Important', segera: 'Urgent' } as Record<string, string>,
    instructionState: { open: 'Open', closed: 'Closed', cancelled: 'Cancelled' } as Record<string, string>,
    assignmentState: {
      pending: 'Not sent yet',
      delivered: 'Sent, not acknowledged',
      acknowledged: 'Acknowledged',
      in_progress: 'In progress',
      reported: 'Reported done, awaiting review',
      done: 'Done',
      cancelled: 'Cancelled',
    } as Record<string, string>,
    deliveryState: { queued: 'Queued for sending', sending: 'Being sent', sent: 'Sent', failed: 'Sending failed', no_chat: 'Group not linked yet' } as Record<string, string>,
    reportKind: { progress: 'Progress', done: 'Done' } as Record<string, string>,
    reviewState: { none: '-', pending: 'Awaiting review', accepted: 'Accepted', returned: 'Returned' } as Record<string, string>,
    obstacleState: { handled: 'handled', responded: 'open, answered', open: 'open, not answered yet' },
    apelRow: { opd: 'OPD', person: 'Person' },
    col: {
      number: 'Number',
      text: 'Text',
      issuer: 'Issued by',
      targets: 'To',
      priority: 'Priority',
      status: 'Status',
      created: (zone: string) => `Created (${zone})`,
      ackDeadline: (zone: string) => `Acknowledgement deadline (${zone})`,
      dueAt: (zone: string) => `Completion deadline (${zone})`,
      opdCode: 'OPD code',
      opdName: 'OPD name',
      delivered: (zone: string) => `Sent (${zone})`,
      acked: (zone: string) => `Acknowledged (${zone})`,
      ackedBy: 'By',
      ackOnTime: 'Acknowledged on time',
      done: (zone: string) => `Completed (${zone})`,
      doneOnTime: 'Completed on time',
      lateNow: 'Late now',
      reminders: 'Reminders',
      opd: 'OPD',
      reporter: 'Reported by',
      kind: 'Kind',
      description: 'Description',
      attachments: 'Attachments',
      reviewState: 'Review status',
      at: (zone: string) => `Time (${zone})`,
      obstacle: 'Obstacle',
      response: 'Response',
      respondedBy: 'Answered by',
      responded: (zone: string) => `Answered (${zone})`,
      extended: (zone: string) => `Extended (${zone})`,
      handledBy: 'Handled by',
      handled: (zone: string) => `Handled (${zone})`,
      actor: 'Actor (Telegram ID)',
      data: 'Data',
      row: 'Row',
      name: 'Name',
      role: 'Role',
      rollcalls: 'Roll-calls',
      called: 'Called',
      answered: 'Answered',
      onTime: 'On time',
      reach: 'Reach',
      median: 'Median time to answer',
    },
  },
  chartCaption: (label: string) => `Instruction recap chart — ${label}`,
  chart: {
    title: (period: string) => `Instruction recap — ${period}`,
    totals: (received: number, ackShare: string, doneShare: string, overdue: number) =>
      `${n_(received, 'assignment')} · acknowledged on time ${ackShare} · completed on time ${doneShare} · ${overdue} overdue`,
    shownSome: (shown: number, active: number) => `The ${shown} of ${active} OPDs needing most attention, worst on top; (n) = assignments.`,
    shownAll: (active: number) => `${n_(active, 'OPD')}, worst on top; (n) = assignments.`,
    idle: (idle: number) => `${n_(idle, 'OPD')} without instructions not shown.`,
    ackPanel: 'Acknowledgement',
    fuPanel: 'Follow-up',
    ackOnTime: 'On time',
    ackLate: 'Late',
    ackNone: 'Not acknowledged',
    ackPending: 'Deadline still ahead',
    doneOnTime: 'Completed on time',
    doneLate: 'Completed late',
    overdue: 'Overdue',
    inProgress: 'In progress',
    empty: 'No instructions in this period.',
  },
  digestTitle: (label: string) => `🗓 <b>Weekly instruction digest</b> — ${label}`,
  digestTop: '\n<b>OPDs most in need of attention</b>:',
  digestOldest: '\n<b>Oldest open instructions</b>:',
  digestOldestLine: (number: string, since: string, text: string) => `• <b>${number}</b> since ${since}: ${text}`,

  // --- authenticity: /cek NOMOR KODE, or a forwarded/pasted instruction message
  cekUsage:
    'To check that an instruction is genuine, send <code>/cek NUMBER CODE</code>, for example <code>/cek ARH-2026-0001 K7QM-4XPA</code>. The number and the verification code are at the bottom of every instruction message. You can also forward the instruction message to this chat.',
  cekBadNumber: (raw: string) => `Instruction number “${raw}” not recognised. Numbers look like <code>ARH-2026-0001</code>. Example: <code>/cek ARH-2026-0001 K7QM-4XPA</code>.`,
  cekBadCode: (raw: string) =>
    `Verification code “${raw}” not recognised. A code has 8 letters and digits, for example <code>K7QM-4XPA</code>. Example: <code>/cek ARH-2026-0001 K7QM-4XPA</code>.`,
  cekGenuine: (number: string) => `✅ <b>GENUINE</b>. Instruction <b>${number}</b> was sent through Arahan and its verification code matches.`,
  cekFrom: (leader: string) => `From: ${leader}`,
  cekOnBehalf: (sender: string, leader: string) => `Sent by ${sender} on behalf of ${leader}`,
  cekIssuedAt: (at: string) => `Issued: ${at}`,
  cekTargets: (label: string, n: number, codes: string) => `To: ${label} (${n === 1 ? '1 OPD' : `${n} OPDs`}): ${codes}`,
  cekState: (state: string) => `State: ${state}`,
  cekText: (text: string) => `Text: ${text}`,
  cekCompare: 'Please compare the message you received with the text above.',
  cekNotGenuine: (number: string) =>
    `❌ <b>NOT GENUINE</b> (tidak sah). The verification code does not match instruction <b>${number}</b>: the message is not an official instruction. Please ignore it and report it to the secretariat.`,
  cekUnknown: (number: string) =>
    `❌ <b>NOT GENUINE</b> (tidak sah). There is no instruction numbered <b>${number}</b>: the message is not an official instruction. Please ignore it and report it to the secretariat.`,
  cekForwardNoCode:
    'This forwarded message comes from Arahan but carries no instruction number and verification code. To check an instruction, send <code>/cek NUMBER CODE</code> or forward the instruction message itself.',
  // --- decisions taken by someone other than the issuer (told to the issuer), and the
  // decision's other copies (the buttons replaced by who decided what and when)
  issuerToldClosed: (number: string, who: string) => `Instruction <b>${number}</b>, which you issued, was closed by ${who}. Its reminders have stopped.`,
  issuerToldCancelled: (number: string, who: string) => `Instruction <b>${number}</b>, which you issued, was cancelled by ${who}. The OPD groups that received it have been told.`,
  issuerToldExtended: (number: string, who: string, due: string) => `The follow-up deadline of instruction <b>${number}</b>, which you issued, was extended by ${who} to ${due}.`,
  issuerToldExtDecided: (approved: boolean, number: string, opd: string, who: string, due: string) =>
    approved
      ? `The extension request from <b>${opd}</b> for instruction <b>${number}</b> was approved by ${who}. New follow-up deadline: ${due}.`
      : `The extension request from <b>${opd}</b> for instruction <b>${number}</b> was refused by ${who}. The follow-up deadline stays ${due}.`,
  issuerToldReview: (accepted: boolean, number: string, opd: string, who: string, reason: string) =>
    accepted
      ? `The completion report from <b>${opd}</b> for instruction <b>${number}</b> was accepted by ${who}.`
      : `The completion report from <b>${opd}</b> for instruction <b>${number}</b> was returned by ${who} with the reason:\n${reason}`,
  decidedBy: (what: string, who: string, when: string) => `<b>${what}</b> by ${who} on ${when}.`,
  decisionWord: { ext_ok: '✅ Approved', ext_no: '❌ Refused', rv_ok: '✔ Accepted', rv_ret: '↩ Returned', obs_done: '✔ Handled' },
  // --- decisions taken by the issuer, told to the secretariat; a close told to the OPD groups (issue #15)
  decisionToldClosed: (number: string, who: string) => `Instruction <b>${number}</b> was closed by ${who}. Its reminders have stopped.`,
  decisionToldCancelled: (number: string, who: string) => `Instruction <b>${number}</b> was cancelled by ${who}. The OPD groups that received it have been told.`,
  decisionToldExtended: (number: string, who: string, due: string) => `The follow-up deadline of instruction <b>${number}</b> was extended by ${who} to ${due}.`,
  closedGroup: (number: string) => `🔒 Instruction <b>${number}</b> has been <b>closed</b>. Its reminders have stopped.`,
  // --- who has not acknowledged / not finished, from the summary and /status (issue #15)
  btnPendingList: '📋 Who is pending?',
  pendingListHeader: (number: string) => `📋 <b>${number}</b>: OPDs not yet acknowledged or not yet finished`,
  pendingNotAcked: (n: number) => `<b>Not acknowledged</b> (${n} OPD):`,
  pendingNotDone: (n: number) => `<b>Acknowledged, not finished</b> (${n} OPD):`,
  pendingLine: (opd: string, heads: string | null) => `• ${opd}\n   Head: ${heads ?? '<i>no active head</i>'}`,
  pendingNone: (number: string) => `Every OPD of instruction <b>${number}</b> has acknowledged and finished.`,
  pendingNotDecider: 'This list is for the issuer and the secretariat only.',
  // --- /pengguna: registered people with their ids (issue #15)
  peopleHeader: (n: number, query: string | null) => (query === null ? `👥 <b>Registered people</b> (${n}):` : `👥 <b>People</b> matching “${query}” (${n}):`),
  peopleNone: (query: string | null) => (query === null ? 'Nobody is registered yet.' : `Nobody matches “${query}”.`),
  peopleFooter: 'Search: <code>/pengguna cari TEXT</code> (name, @username or OPD code). Change a role: <code>/peran TELEGRAM_ID ROLE</code>.',

  // --- help
  // Plain text (no parse_mode): the labels are the buttons' own (btnAck, btnReport, btnExtend).
  groupHelpButtons: (ack: string, report: string, extend: string) =>
    `Buttons on every instruction message in this group (for OPD heads and staff):\n${ack} — confirm that the OPD has received the instruction; once per OPD is enough.\n${report} — send a follow-up report (progress or done) with its evidence, in your private chat with the bot.\n${extend} — ask the issuer for more time to follow up, with a reason.\n\nCommands in the group:`,
  helpHeader: (role: string) => `<b>Arahan</b> — commands for ${role}:`,
  helpUnregistered: 'You are not registered yet. Please open the invitation link from an admin.\n/start — start\n/bantuan — help',
  // Plain text (no parse_mode): `typed` is what the person typed.
  unknownCommand: (typed: string, suggestion: string | null) =>
    suggestion
      ? `Sorry, the command /${typed} is not known. Did you mean /${suggestion}?\nType /bantuan to see the available commands.`
      : `Sorry, the command /${typed} is not known. Type /bantuan to see the available commands.`,
  freeTextHelp: (canIssue: boolean) =>
    `Sorry, we cannot answer this message: Arahan works with commands that start with a slash (/).${canIssue ? '\nTo send a new instruction, type /arahan.' : ''}\nType /bantuan to see the available commands.`,
  apel: {
    usage:
      'Format: <code>/apel CODE [deadline]</code>, <code>/apel klaster NAME [deadline]</code> or <code>/apel semua [deadline]</code>; add <code>darurat</code> for a roll-call in quiet hours.\nExamples: <code>/apel semua 30 menit</code>, <code>/apel DINKES BPBD 1 jam darurat</code>.\nPast roll-calls: <code>/apel riwayat</code>.',
    badTarget: (raw: string) => `The roll-call target “${raw}” is not recognised. Use OPD codes (e.g. <code>DINKES</code>), <code>klaster NAME</code> or <code>semua</code>.`,
    badDeadline: (raw: string) => `The deadline “${raw}” cannot be read. Examples: <code>30 menit</code>, <code>1 jam</code>, <code>21.00</code>. The roll-call was not started.`,
    deadlineRange: (raw: string) => `The deadline “${raw}” must be in the future and at most 24 hours from now. The roll-call was not started.`,
    unknownCodes: (codes: string) => `No OPD has the code <b>${codes}</b>. Send /opd for the list of codes. The roll-call was not started.`,
    unknownCluster: (name: string, known: string) => `There is no cluster <b>${name}</b>. Clusters: ${known}. The roll-call was not started.`,
    noOpds: 'No OPD is registered yet. The roll-call was not started.',
    nobody: (scope: string) => `No active OPD head, acting head or on-call member is registered for ${scope}. The roll-call was not started.`,
    quiet: (range: string) =>
      `It is quiet hours now (${range}). A roll-call in quiet hours is for emergencies only: please add <code>darurat</code>, e.g. <code>/apel semua 30 menit darurat</code>.`,
    call: (deadline: string, by: string, emergency: boolean) =>
      `📣 <b>${emergency ? 'EMERGENCY ROLL-CALL' : 'Roll-call'} — phone on 24 hours</b>\nFrom: ${by}\n\nPlease press <b>Hadir / HP aktif</b> below before <b>${deadline}</b>.`,
    button: '✅ Hadir / HP aktif',
    scheduledBy: 'Scheduled surprise roll-call',
    tallyTitle: (scope: string, emergency: boolean) => `📋 <b>${emergency ? 'Emergency roll-call' : 'Roll-call'}, phone on</b> — ${scope}`,
    tallyTimes: (start: string, deadline: string) => `Started: ${start}\nDeadline: <b>${deadline}</b>`,
    tallyCount: (answered: number, called: number, late: number) => `Present: <b>${answered}</b> of ${called}${late ? ` (${late} late)` : ''}`,
    tallyOpd: (code: string, answered: number, called: number) => `• ${code}: ${answered}/${called}`,
    tallyRunning: 'This message updates itself.',
    tallyPassed: '⏰ The deadline has passed.',
    tallyClosed: '🔒 Roll-call closed.',
    tallyAllIn: '✅ Everyone has answered.',
    missingTitle: 'Not answered yet, by OPD:',
    missingOpd: (opd: string, names: string) => `${opd}\n   ${names}`,
    headNotice: (scope: string, deadline: string, names: string) =>
      `⚠️ <b>Roll-call</b> (${scope}): the deadline ${deadline} has passed. These members of your OPD have not answered:\n${names}\nPlease make sure their phones are on.`,
    secretariatNotice: (scope: string, deadline: string, list: string) =>
      `⚠️ <b>Roll-call escalation</b> (${scope}, deadline ${deadline}). Not answered:\n${list}\nPlease follow up.`,
    callerDeadline: (scope: string, deadline: string, list: string) => `📋 <b>Roll-call</b> (${scope}): the deadline ${deadline} has passed. Not answered:\n${list}`,
    callerAllIn: (scope: string) => `✅ <b>Roll-call</b> (${scope}): everyone has answered.`,
    callerFinal: (scope: string, list: string) => `🔒 <b>Roll-call closed</b> (${scope}). Never answered:\n${list}`,
    thanks: (at: string) => `Thank you, your presence was recorded at ${at}.`,
    thanksLate: (at: string) => `Thank you, your presence was recorded at ${at} (after the deadline).`,
    already: (at: string) => `Your presence was already recorded at ${at}.`,
    notCalled: 'Sorry, you are not part of this roll-call.',
    closed: 'Sorry, this roll-call is closed.',
    unknown: 'Sorry, this roll-call was not found.',
    historyTitle: '📋 <b>Past roll-calls</b>',
    historyNone: 'No roll-call yet.',
    historyLine: (when: string, scope: string, answered: number, called: number, onTime: number, state: string) =>
      `• ${when} — ${scope}: ${answered}/${called} present (${onTime} on time), ${state}`,
    stateOpen: 'running',
    stateClosed: 'finished',
    scheduledTag: ' (scheduled)',
    emergencyTag: ' (emergency)',
    recapTitle: '<b>Roll-calls, phone on</b> (who answered in time, and how fast):',
    recapLine: (code: string, answered: number, called: number, pct: string, median: string | null) =>
      `• ${code}: ${answered}/${called} on time (${pct})${median === null ? '' : `, half answered within ${median}`}`,
    recapOpdLine: (answered: number, called: number, pct: string, median: string | null) =>
      `Roll-calls: ${answered}/${called} on time (${pct})${median === null ? '' : `, half answered within ${median}`}`,
    piketUsage: 'Format: <code>/piket ID on</code> or <code>/piket ID off</code> (the Telegram id of an OPD member). <code>/piket</code> alone lists who is on call.',
    piketSet: (name: string, code: string) => `${name} (${code}) is now on call and will be called in roll-calls.`,
    piketOff: (name: string) => `${name} is no longer on call.`,
    piketNotMember: (name: string) => `Sorry, ${name} is not a member of an OPD. Only OPD heads and staff can be on call.`,
    piketTitle: '<b>On call</b> (called in roll-calls with the OPD heads and acting heads):',
    piketLine: (code: string, name: string, id: number) => `• ${code}: ${name} (${id})`,
    piketNone: 'Nobody is on call. OPD heads and acting heads are always called in roll-calls.',
  },
  // --- the leaders' dashboard (Telegram Mini App, /dasbor; src/features/dashboard)
  dasbor: {
    button: '📊 Dashboard',
    menuButton: 'Dashboard',
    intro: "The leaders' dashboard: open instructions per OPD, each OPD's scorecard and each instruction's history. Please open it with the button below.",
    notConfigured:
      'Sorry, the dashboard is not configured yet: the public address of Arahan (<code>PUBLIC_URL</code>) is not set. Please tell an admin; until then, use /rekap and /terlambat.',
    page: {
      title: 'Arahan dashboard',
      loading: 'Loading…',
      skip: 'Skip to the matrix',
      filters: 'Filters',
      period: 'Period',
      // Keyed by /rekap's period words (parsePeriod), which the page sends back.
      periods: {
        '30 hari': 'Last 30 days',
        'hari ini': 'Today',
        'minggu ini': 'This week',
        'bulan ini': 'This month',
        'bulan lalu': 'Last month',
      } as Record<string, string>,
      cluster: 'Cluster',
      allClusters: 'All clusters',
      priority: 'Priority',
      allPriorities: 'All priorities',
      priorities: { segera: 'Urgent', penting: 'Important', biasa: 'Normal' } as Record<string, string>,
      matrixTitle: 'Open instructions per OPD',
      matrixCaption: '{instructions} open instructions × {opds} OPDs, {period}',
      matrixMore: 'Showing the {shown} newest of {total} instructions; narrow the period or priority to see the rest.',
      matrixNone: 'No open instructions in this period and filter.',
      matrixScroll: 'Instructions per OPD (scrolls sideways)',
      opd: 'OPD',
      legend: 'Colour key',
      states: {
        pending: 'Not sent yet',
        delivered: 'Delivered, not acknowledged',
        acknowledged: 'Acknowledged',
        in_progress: 'In progress',
        reported: 'Reported, awaiting review',
        done: 'Done',
        late_ack: 'Acknowledgement late',
        late_due: 'Follow-up late',
        none: 'Not a target',
      } as Record<string, string>,
      cellLabel: '{opd}, instruction {number}: {state}',
      openTimeline: 'History of instruction {number}',
      scoreTitle: 'OPD scorecards',
      scoreCaption: 'The same figures as /rekap for {period}',
      received: 'Instructions received',
      ackOnTime: 'Acknowledged on time',
      ackPending: 'Still within the acknowledgement deadline',
      medianAck: 'Half acknowledged within',
      doneOnTime: 'Done on time',
      overdueNow: 'Late now',
      openItems: 'Still open',
      lateItems: 'Late (either deadline)',
      total: 'All OPDs',
      timelineTitle: 'History of instruction {number}',
      issuedBy: 'Issued by: {name}',
      ackDeadline: 'Acknowledge by: {at}',
      dueAt: 'Follow up by: {at}',
      noEvents: 'Nothing recorded yet.',
      close: 'Close the history',
      events: {
        instruction_issued: 'Instruction sent',
        issued_on_behalf: 'Sent on behalf of a leader',
        delivered: 'Delivered to the OPD group',
        delivery_failed: 'Delivery failed',
        delivery_retried: 'Delivery retried',
        acknowledged: 'Acknowledged',
        delegated: 'Delegated to a staff member',
        report: 'Report sent',
        report_accepted: 'Report accepted',
        return_reason: 'Report returned',
        extension_requested: 'Extension requested',
        extension_decided: 'Extension request decided',
        instruction_extended: 'Deadline extended',
        obstacle_reported: 'Obstacle reported',
        obstacle_answer: 'Obstacle answered',
        obstacle_handled: 'Obstacle handled',
        obstacle_extended: 'Extended because of an obstacle',
        instruction_completed: 'Every OPD done',
        instruction_closed: 'Instruction closed',
        instruction_cancelled: 'Instruction cancelled',
        opd_unreachable: 'OPD group unreachable',
        notification_failed: 'Notification not delivered',
      } as Record<string, string>,
      authFailed: 'The dashboard opens from Telegram only. Please close this page and open it again with the 📊 Dashboard button.',
      forbidden: 'Sorry, the dashboard is for registered, active leaders, secretariat members and admins only.',
      failed: 'The data could not be loaded. Please try again.',
      retry: 'Try again',
      updatedAt: 'Updated {at}',
    },
  },
  commands: {
    apel: 'roll-call: phones on (OPD heads and on-call members)',
    piket: 'mark on-call members for roll-calls',
    start: 'start / register with an invitation link',
    bantuan: 'list of commands',
    cek: 'check that an instruction is genuine (number and code)',
    arahan: 'send a new instruction',
    batal_draf: 'cancel the draft instruction',
    belum: 'OPDs that have not acknowledged',
    status: 'status of one instruction per OPD',
    terlambat: 'late acknowledgements and follow-ups',
    rekap: 'recap per OPD for a period',
    dasbor: "leaders' dashboard (Mini App)",
    cari: 'search instructions',
    ekspor: 'export XLSX and CSV',
    grafik: 'recap chart (PNG)',
    opd: 'list of OPDs and their groups',
    daftar: 'link this group to an OPD',
    undang: 'create an invitation link',
    peran: "set a user's role",
    bahasa: 'change language (id/en)',
    tutup: 'close an instruction (stop reminders)',
    batal: 'cancel an instruction',
    perpanjang: 'extend the follow-up deadline',
    pengingat: 'reminder plan of one instruction',
    kirim_ulang: 'resend failed deliveries',
    senyap: 'quiet hours for reminders',
    plt: 'set an acting OPD head (Plt/Plh)',
    laporan: 'follow-up reports of one instruction',
    kendala: 'report an obstacle on an instruction',
    minta_perpanjangan: 'request a deadline extension',
    tugaskan: 'assign an instruction to staff',
    undangan: 'invitation links still valid (and revoking them)',
    pengguna: 'list users with their Telegram ids and roles',
    nonaktif: 'deactivate a user',
    aktifkan: 'reactivate a user',
  } as Record<string, string>,
  languageSet: 'Language set to English.',
  languageUsage: 'Format: <code>/bahasa id</code> or <code>/bahasa en</code>.',
};
