import { reactive } from 'vue';
import { ElMessage } from 'element-plus';
import 'element-plus/es/components/message/style/css';
import { ApiError, localizedMessage } from '@/api/client';
import { getLocale, i18n } from '@/locales';

/** The text to show a person for any error thrown by the API layer, in the current language. */
export function errorText(error: unknown): string {
  const { t } = i18n.global;
  if (error instanceof ApiError) {
    if (error.code === 'NETWORK_ERROR') return t('error.network');
    const first = error.errors[0];
    if (first) return localizedMessage(first, getLocale());
  }
  return t('error.unknown');
}

export function showError(error: unknown): void {
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
