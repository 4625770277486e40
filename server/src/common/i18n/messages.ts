import { en } from './en.js';
import { zhCN } from './zh-CN.js';

export type Params = Record<string, string | number | undefined>;

export interface LocalizedMessages {
  'zh-CN': string;
  en: string;
}

function fill(template: string, params: Params, fields: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (name === 'field' && typeof value === 'string') return fields[value] ?? value;
    // An enum value shown by its label, e.g. `status:OPEN` → 待整改.
    if (typeof value === 'string' && fields[`${name}:${value}`]) return fields[`${name}:${value}`];
    return value === undefined ? '' : String(value);
  });
}

/** Both languages at once: the API answers everyone, and the web picks its own. */
export function localize(key: string, params: Params = {}): LocalizedMessages {
  const zh = zhCN.messages[key] ?? key;
  const english = en.messages[key] ?? key;
  return { 'zh-CN': fill(zh, params, zhCN.fields), en: fill(english, params, en.fields) };
}
