import type { BotCommand } from 'grammy/types';
import type { Person, Role } from '../../infra/db/schema';
import type { AppDeps } from '../../infra/deps';
import { messagesFor, type Messages } from '../../infra/i18n';

/** Which commands each role sees, in its menu and in /bantuan. */
export const COMMANDS_BY_ROLE: Record<Role | 'guest' | 'group', string[]> = {
  guest: ['start', 'bantuan'],
  group: ['minta_perpanjangan', 'tugaskan', 'daftar', 'bantuan'],
  admin: ['opd', 'undang', 'peran', 'plt', 'senyap', 'belum', 'status', 'terlambat', 'rekap', 'cari', 'ekspor', 'grafik', 'laporan', 'pengingat', 'bahasa', 'bantuan'],
  pimpinan: [
    'arahan',
    'belum',
    'status',
    'terlambat',
    'rekap',
    'cari',
    'ekspor',
    'grafik',
    'laporan',
    'pengingat',
    'tutup',
    'batal',
    'perpanjang',
    'kirim_ulang',
    'batal_draf',
    'senyap',
    'bahasa',
    'bantuan',
  ],
  sekretariat: [
    'arahan',
    'belum',
    'status',
    'terlambat',
    'rekap',
    'cari',
    'ekspor',
    'grafik',
    'laporan',
    'pengingat',
    'tutup',
    'batal',
    'perpanjang',
    'kirim_ulang',
    'batal_draf',
    'senyap',
    'bahasa',
    'bantuan',
  ],
  kepala: ['tugaskan', 'minta_perpanjangan', 'bahasa', 'bantuan'],
  staf: ['minta_perpanjangan', 'bahasa', 'bantuan'],
};

export function commandList(t: Messages, key: keyof typeof COMMANDS_BY_ROLE): BotCommand[] {
  return COMMANDS_BY_ROLE[key].map((command) => ({ command, description: t.commands[command] ?? command }));
}

/** The default menus: guests in private chats, and the group menu. */
export async function syncDefaultCommands(deps: AppDeps): Promise<void> {
  const t = messagesFor('id');
  await deps.api.setMyCommands(commandList(t, 'guest'), { scope: { type: 'all_private_chats' } });
  await deps.api.setMyCommands(commandList(t, 'group'), { scope: { type: 'all_group_chats' } });
}

/** A person's own menu (command scope of their private chat), following their role. */
export async function syncCommandsFor(deps: AppDeps, person: Person): Promise<void> {
  try {
    await deps.api.setMyCommands(commandList(messagesFor(person.lang), person.role), { scope: { type: 'chat', chat_id: person.telegram_id } });
  } catch (err) {
    // A person who never opened a chat with the bot cannot have a chat scope yet; /start sets it later.
    deps.logger.debug({ err, telegramId: person.telegram_id }, 'could not set the command menu');
  }
}
