import { computed } from 'vue';
import { createI18n } from 'vue-i18n';
import elEn from 'element-plus/es/locale/lang/en';
import elZhCn from 'element-plus/es/locale/lang/zh-cn';
import en from './en';
import zhCN, { type MessageSchema } from './zh-CN';

export type AppLocale = 'zh-CN' | 'en';

export const SUPPORTED_LOCALES: readonly AppLocale[] = ['zh-CN', 'en'];

const STORAGE_KEY = 'cl.locale';

function isAppLocale(value: unknown): value is AppLocale {
  return typeof value === 'string' && (SUPPORTED_LOCALES as readonly string[]).includes(value);
}

function initialLocale(): AppLocale {
  const stored = localStorage.getItem(STORAGE_KEY);
  return isAppLocale(stored) ? stored : 'zh-CN';
}

export const i18n = createI18n<[MessageSchema], AppLocale, false>({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
});

const elementLocales = { 'zh-CN': elZhCn, en: elEn } as const;

/** Element Plus's own texts (pagination, empty states, dialogs) follow the app language. */
export const elementLocale = computed(() => elementLocales[i18n.global.locale.value]);

export function getLocale(): AppLocale {
  return i18n.global.locale.value;
}

export function setLocale(locale: AppLocale): void {
  i18n.global.locale.value = locale;
  localStorage.setItem(STORAGE_KEY, locale);
  document.documentElement.lang = locale;
}

declare module 'vue-i18n' {
  // Typed keys for t() everywhere; vue-i18n is extended through exactly this empty interface.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  export interface DefineLocaleMessage extends MessageSchema {}
}
