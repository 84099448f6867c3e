import { callbackKind } from '../../infra/telegram/callback-data';

/** The ‹ / › buttons of /pengguna (handlers/people.ts): the page and the search text (cut to fit 64 bytes). */
export const peopleButtons = {
  page: callbackKind('pu', { page: 'int', query: 'rest' }),
};
