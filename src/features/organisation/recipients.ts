import { listActingHeads } from './acting-heads.queries';
import { findPersonById, listOpdPeople, listPeopleByRole } from './people.queries';
import { localDateKey } from '../../domain/time';
import type { AppDeps } from '../../infra/deps';

export interface Recipient {
  chatId: number;
  name: string;
  lang: string;
}

/** Each chat once, the first occurrence kept (order unchanged). */
export function unique(list: Recipient[]): Recipient[] {
  const seen = new Set<number>();
  return list.filter((r) => {
    if (seen.has(r.chatId)) return false;
    seen.add(r.chatId);
    return true;
  });
}

/** The OPD's head(s) and anyone acting as head (Plt/Plh) today. */
export async function opdHeads(deps: AppDeps, opdId: number): Promise<Recipient[]> {
  const heads = await listOpdPeople(deps.db, opdId, ['kepala']);
  const acting = await listActingHeads(deps.db, opdId, localDateKey(deps.now(), deps.config.timezone));
  return unique([
    ...heads.map((p) => ({ chatId: p.telegram_id, name: p.name, lang: p.lang })),
    ...acting.filter((a) => a.active === 1).map((a) => ({ chatId: a.telegram_id, name: `${a.name} (Plt/Plh)`, lang: a.lang })),
  ]);
}

/** Every secretariat member, and the secretariat's group chat when configured. */
export async function secretariat(deps: AppDeps): Promise<Recipient[]> {
  const people = await listPeopleByRole(deps.db, ['sekretariat']);
  const list = people.map((p) => ({ chatId: p.telegram_id, name: p.name, lang: p.lang }));
  if (deps.config.secretariatChatId !== null) list.push({ chatId: deps.config.secretariatChatId, name: 'Grup Sekretariat', lang: 'id' });
  return unique(list);
}

export async function issuer(deps: AppDeps, personId: number): Promise<Recipient[]> {
  const p = await findPersonById(deps.db, personId);
  return p && p.active === 1 ? [{ chatId: p.telegram_id, name: p.name, lang: p.lang }] : [];
}

/**
 * Who may decide on an OPD's request or review its done report: the issuer and the
 * secretariat (acting for the leadership), each once even when the issuer is one of them.
 */
export async function deciders(deps: AppDeps, issuerId: number): Promise<Recipient[]> {
  return unique([...(await issuer(deps, issuerId)), ...(await secretariat(deps))]);
}

/** The person an instruction was delegated to, unless already among `others`. */
export async function delegateRecipient(deps: AppDeps, delegateId: number | null, others: Recipient[]): Promise<Recipient[]> {
  if (delegateId === null) return [];
  const p = await findPersonById(deps.db, delegateId);
  if (p?.active !== 1 || others.some((o) => o.chatId === p.telegram_id)) return [];
  return [{ chatId: p.telegram_id, name: p.name, lang: p.lang }];
}

/**
 * Who else hears of a decision on an instruction (issue #15): the issuer when someone else
 * (the secretariat) decided, and every secretariat member (and its group) but the decider,
 * whoever decided — each of them received the request or the report, or acts for the
 * leadership. Never the decider themself, each chat once (the issuer, when also in the
 * secretariat, hears it as the issuer).
 */
export async function decisionAudience(deps: AppDeps, decider: { id: number; telegram_id: number }, issuerId: number): Promise<{ issuer: Recipient[]; secretariat: Recipient[] }> {
  const issuerList = decider.id === issuerId ? [] : (await issuer(deps, issuerId)).filter((r) => r.chatId !== decider.telegram_id);
  const told = new Set([decider.telegram_id, ...issuerList.map((r) => r.chatId)]);
  return { issuer: issuerList, secretariat: (await secretariat(deps)).filter((r) => !told.has(r.chatId)) };
}
