/**
 * Theme parameters as Telegram's web client passes them to a Mini App (`tgWebAppThemeParams`),
 * light and dark: what the sandbox opens the dashboard with, and what the browser tests try.
 */
export const TELEGRAM_THEMES = {
  light: {
    bg_color: '#ffffff',
    text_color: '#000000',
    hint_color: '#707579',
    link_color: '#3390ec',
    button_color: '#3390ec',
    button_text_color: '#ffffff',
    secondary_bg_color: '#f4f4f5',
  },
  dark: {
    bg_color: '#17212b',
    text_color: '#f5f5f5',
    hint_color: '#708499',
    link_color: '#6ab3f3',
    button_color: '#5288c1',
    button_text_color: '#ffffff',
    secondary_bg_color: '#232e3c',
  },
} as const satisfies Record<string, Record<string, string>>;
