/**
 * Callback data, packed and parsed in one place per kind of button. A kind is a prefix and
 * its fields, `<prefix>:<field>:<field>…`; its `filter` is what grammY's `callbackQuery()`
 * matches, so a handler and the view that made the button can never disagree on the format.
 *
 *   const ack = callbackKind('ack', { assignment: 'int' });
 *   ack.pack({ assignment: 7 })            // 'ack:7'
 *   bot.callbackQuery(ack.filter, (ctx) => ack.unpack(ctx.callbackQuery.data)!.assignment)
 *   callbackKind('dr:all', {}).pack({})    // 'dr:all': a button with no fields
 *
 * Field kinds: 'int' (a non-negative integer within the safe range: tampered data outside it
 * does not match), 'word' (letters, digits, _), a list of literals, or 'rest' (anything,
 * the last field only). Telegram allows 64 bytes of callback data: pack() refuses more,
 * except for a 'rest' field, which is cut at a character boundary to fit.
 */
export type FieldKind = 'int' | 'word' | 'rest' | readonly string[];

type Value<K> = K extends 'int' ? number : K extends readonly (infer L)[] ? L : string;
export type Values<F extends Record<string, FieldKind>> = { [N in keyof F]: Value<F[N]> };

export interface CallbackKind<F extends Record<string, FieldKind>> {
  readonly prefix: string;
  /** Matches this kind's data exactly (for `callbackQuery`). */
  readonly filter: RegExp;
  pack(values: Values<F>): string;
  /** The fields, or null if `data` is not of this kind. */
  unpack(data: string): Values<F> | null;
}

const MAX_BYTES = 64;

function pattern(kind: FieldKind): string {
  if (kind === 'int') return '(\\d{1,15})';
  if (kind === 'word') return '(\\w+)';
  if (kind === 'rest') return '(.*)';
  return `(${kind.map((l) => l.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`;
}

export function callbackKind<const F extends Record<string, FieldKind>>(prefix: string, fields: F): CallbackKind<F> {
  const names = Object.keys(fields) as Array<keyof F & string>;
  const rest = names.findIndex((n) => fields[n] === 'rest');
  if (rest !== -1 && rest !== names.length - 1) throw new Error(`callback ${prefix}: a 'rest' field must be the last`);
  const filter = new RegExp(`^${[prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), ...names.map((n) => pattern(fields[n]!))].join(':')}$`, 's');
  return {
    prefix,
    filter,
    pack(values) {
      const parts = [prefix, ...names.map((n) => String(values[n]))];
      const data = parts.join(':');
      if (Buffer.byteLength(data) <= MAX_BYTES) return data;
      if (rest === -1) throw new Error(`callback data over ${MAX_BYTES} bytes: ${prefix}`);
      const head = `${parts.slice(0, -1).join(':')}:`;
      const tail = Buffer.from(parts.at(-1)!, 'utf8')
        .subarray(0, MAX_BYTES - Buffer.byteLength(head))
        .toString('utf8')
        .replace(/\uFFFD+$/, '');
      return head + tail;
    },
    unpack(data) {
      const m = filter.exec(data);
      if (!m) return null;
      const out: Record<string, unknown> = {};
      for (const [i, n] of names.entries()) {
        const raw = m[i + 1]!;
        if (fields[n] === 'int') {
          const v = Number(raw);
          if (!Number.isSafeInteger(v)) return null;
          out[n] = v;
        } else out[n] = raw;
      }
      return out as Values<F>;
    },
  };
}
