import { Composer } from 'grammy';
import { peopleWithRoles } from '../src/features/organisation/directory';
import { defaultMessages } from '../src/infra/i18n';
import { groupMigrated, groupRejoined, groupRemoved } from '../src/features/organisation/organisation';
import type { BotContext } from '../src/infra/telegram/context';

/** Keeps an OPD's group record true when the bot is removed or the group becomes a supergroup. */
export const membershipHandler = new Composer<BotContext>();

membershipHandler.on('my_chat_member', async (ctx) => {
  const status = ctx.myChatMember.new_chat_member.status;
  const chatId = ctx.chat.id;
  if (status === 'left' || status === 'kicked') {
    const opd = await groupRemoved(ctx.deps, chatId);
    if (!opd) return;
    ctx.log.warn({ opd: opd.code, chatId }, 'bot removed from an OPD group');
    // Tell the admins and the secretariat once; they must re-link the group.
    const people = await peopleWithRoles(ctx.deps, ['admin', 'sekretariat']);
    for (const p of people) {
      await ctx.api.sendMessage(p.telegram_id, defaultMessages.botRemoved(opd.code), { parse_mode: 'HTML' }).catch((err) => ctx.log.warn({ err }, 'could not notify'));
    }
  } else if (status === 'member' || status === 'administrator') {
    await groupRejoined(ctx.deps, chatId);
  }
});

membershipHandler.on('message:migrate_to_chat_id', async (ctx) => {
  const opd = await groupMigrated(ctx.deps, ctx.chat.id, ctx.message.migrate_to_chat_id);
  if (opd) ctx.log.info({ opd: opd.code, from: ctx.chat.id, to: ctx.message.migrate_to_chat_id }, 'group migrated');
});
