/** The three Indonesian zones and units of time the unit tests count in. */
export const JKT = 'Asia/Jakarta';
export const MKS = 'Asia/Makassar';
export const JYP = 'Asia/Jayapura';

export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;

/** 1 Dec 2026 03:00 UTC = 10.00 WIB = 11.00 WITA = 12.00 WIT (a Tuesday). */
export const TUESDAY_10_WIB = Date.UTC(2026, 11, 1, 3, 0);
