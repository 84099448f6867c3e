import type { BotCommand } from 'grammy/types';
import type { Person, Role } from '../../infra/db/schema';
import type { AppDeps } from '../../infra/deps';
import { messagesFor, type Messages } from '../../infra/i18n';
import { groupMenu, privateMenu } from '../../domain/permissions';
import { miniAppUrl } from '../../infra/http/initdata';

/** A menu (private chat of a role, or the groups') with each command's description in that language. */
export function commandList(t: Messages, key: Role | 'guest' | 'group'): BotCommand[] {
  const names = key === 'group' ? groupMenu() : privateMenu(key);
  return names.map((command) => ({ command, description: t.commands[command] ?? command }));
}

/** The default menus: guests in private chats, and the group menu. */
export async function syncDefaultCommands(deps: AppDeps): Promise<void> {
  const t = messagesFor('id');
  await deps.api.setMyCommands(commandList(t, 'guest'), { scope: { type: 'all_private_chats' } });
  await deps.api.setMyCommands(commandList(t, 'group'), { scope: { type: 'all_group_chats' } });
}

/** A person's own menu (command scope of their private chat), following their role; a deactivated person's is a guest's. */
export async function syncCommandsFor(deps: AppDeps, person: Person): Promise<void> {
  try {
    const menu = commandList(messagesFor(person.lang), person.active === 1 ? person.role : 'guest');
    await deps.api.setMyCommands(menu, { scope: { type: 'chat', chat_id: person.telegram_id } });
    await syncMenuButtonFor(deps, person);
  } catch (err) {
    // A person who never opened a chat with the bot cannot have a chat scope yet; /start sets it later.
    deps.logger.debug({ err, telegramId: person.telegram_id }, 'could not set the command menu or the menu button');
  }
}

/** Who gets the dashboard as their chat's menu button (issue #17); /dasbor also answers admins. */
const MENU_BUTTON_ROLES: readonly Role[] = ['pimpinan', 'sekretariat'];

/**
 * The menu button of a person's private chat: the leaders' dashboard (a Mini App) for an active
 * pimpinan or sekretariat member while PUBLIC_URL is set, Telegram's default for everyone else
 * (so a person who loses the role loses the button). Set with the command menu (a failure is
 * logged there).
 */
async function syncMenuButtonFor(deps: AppDeps, person: Person): Promise<void> {
  const url = miniAppUrl(deps.config);
  if (url === null) return;
  const leader = person.active === 1 && MENU_BUTTON_ROLES.includes(person.role);
  await deps.api.setChatMenuButton({
    chat_id: person.telegram_id,
    menu_button: leader ? { type: 'web_app', text: messagesFor(person.lang).dasbor.menuButton, web_app: { url } } : { type: 'default' },
  });
}
