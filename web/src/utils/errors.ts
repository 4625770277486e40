import { reactive } from 'vue';
import { ElMessage } from 'element-plus';
import 'element-plus/es/components/message/style/css';
import { ApiError, localizedMessage } from '@/api/client';
import { getLocale, i18n } from '@/locales';

// For errors that arrive without localized messages (e.g. raised by the GraphQL layer itself).
const FALLBACK_KEYS = {
  NETWORK_ERROR: 'error.network',
  UNAUTHENTICATED: 'error.unauthenticated',
  FORBIDDEN: 'error.forbidden',
  NOT_FOUND: 'error.notFound',
  INTERNAL_SERVER_ERROR: 'error.unknown',
} as const;

function hasFallback(code: string | undefined): code is keyof typeof FALLBACK_KEYS {
  return code !== undefined && code in FALLBACK_KEYS;
}

/** The text to show a person for any error thrown by the API layer, in the current language. */
export function errorText(error: unknown): string {
  const { t } = i18n.global;
  if (!(error instanceof ApiError)) return t('error.unknown');
  const first = error.errors[0];
  const locale = getLocale();
  if (first?.extensions?.messages?.[locale]) return localizedMessage(first, locale);
  if (hasFallback(error.code)) return t(FALLBACK_KEYS[error.code]);
  return first ? localizedMessage(first, locale) : t('error.unknown');
}

export function showError(error: unknown): void {
  // The session handler has already taken the person to sign in or change the password.
  if (error instanceof ApiError && error.sessionHandled) return;
  ElMessage({ type: 'error', message: errorText(error), grouping: true, showClose: true });
}

export function isApiError(error: unknown, code: string): error is ApiError {
  return error instanceof ApiError && error.code === code;
}

/**
 * Server-side validation messages placed on the `el-form-item` named by `extensions.field`.
 * Bind `:error="fieldErrors.name"` on each item and call `clear` before submitting.
 */
export function useFieldErrors<Field extends string>(fields: readonly Field[]) {
  // The cast keeps keys as Field: Vue's Reactive<> of a generic record is not indexable by it.
  const fieldErrors = reactive({}) as Partial<Record<Field, string>>;

  function clear(field?: Field): void {
    for (const name of field ? [field] : fields) delete fieldErrors[name];
  }

  /** Puts the error on its form items; returns whether any item took it. */
  function apply(error: unknown): boolean {
    if (!(error instanceof ApiError)) return false;
    let placed = false;
    for (const [field, message] of Object.entries(error.fieldMessages(getLocale()))) {
      if ((fields as readonly string[]).includes(field)) {
        fieldErrors[field as Field] = message;
        placed = true;
      }
    }
    return placed;
  }

  return { fieldErrors, clear, apply };
}
