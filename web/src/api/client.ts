import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type DocumentNode } from 'graphql';
import { getLocale } from '@/locales';

export const TOKEN_STORAGE_KEY = 'cl.token';

/** Codes the server puts in `extensions.code`, plus NETWORK_ERROR for requests that got no GraphQL answer. */
export type ApiErrorCode =
  'BAD_USER_INPUT' | 'CONFLICT' | 'NOT_FOUND' | 'FORBIDDEN' | 'UNAUTHENTICATED' | 'NETWORK_ERROR' | 'INTERNAL_SERVER_ERROR' | (string & {});

export interface ApiErrorExtensions {
  code?: ApiErrorCode;
  /** The input field the error is about, e.g. `name`. */
  field?: string;
  /** Stable message key, e.g. `validation/maxLength`. */
  key?: string;
  /** The message in each locale the server knows, keyed `zh-CN` / `en`. */
  messages?: Partial<Record<string, string>>;
  /** On input validation: every invalid field, the first of which also names the error. */
  fields?: readonly FieldProblem[];
  [extension: string]: unknown;
}

export interface FieldProblem {
  field: string;
  key?: string;
  messages?: Partial<Record<string, string>>;
}

export interface ApiErrorItem {
  message: string;
  path?: readonly (string | number)[];
  extensions?: ApiErrorExtensions;
}

export class ApiError extends Error {
  readonly errors: readonly ApiErrorItem[];
  readonly status: number | undefined;
  /** Set when the session handler already acted on it (sign-in again, change password): not worth a second message. */
  sessionHandled = false;

  constructor(errors: readonly ApiErrorItem[], status?: number) {
    super(errors[0]?.message ?? 'Request failed');
    this.name = 'ApiError';
    this.errors = errors;
    this.status = status;
  }

  get code(): ApiErrorCode | undefined {
    return this.errors[0]?.extensions?.code;
  }

  /** The stable message key of the first error, e.g. `auth/invalid-credentials`. */
  get key(): string | undefined {
    return this.errors[0]?.extensions?.key;
  }

  /** Every error that names an input field, as field → message in the given locale. */
  fieldMessages(locale: string): Record<string, string> {
    const result: Record<string, string> = {};
    for (const error of this.errors) {
      const field = error.extensions?.field;
      if (field && !(field in result)) result[field] = localizedMessage(error, locale);
      for (const problem of error.extensions?.fields ?? []) {
        if (!(problem.field in result)) result[problem.field] = problem.messages?.[locale] ?? localizedMessage(error, locale);
      }
    }
    return result;
  }
}

export function localizedMessage(error: ApiErrorItem, locale: string): string {
  return error.extensions?.messages?.[locale] ?? error.message;
}

export function authHeaders(): Record<string, string> {
  const token = localStorage.getItem(TOKEN_STORAGE_KEY);
  return token ? { authorization: `Bearer ${token}` } : {};
}

/** What the app does when the server says the session is over or a password change comes first. */
export interface SessionHandlers {
  /** A request that carried a token got UNAUTHENTICATED: expired, revoked, or the account disabled. */
  unauthenticated(error: ApiError): void;
  /** FORBIDDEN with `auth/password-change-required`: nothing else is allowed until it is changed. */
  passwordChangeRequired(error: ApiError): void;
}

let sessionHandlers: SessionHandlers | null = null;

/** Registered once by the router guard; the client itself knows nothing of routes or stores. */
export function setSessionHandlers(handlers: SessionHandlers): void {
  sessionHandlers = handlers;
}

/** Hands an error of a request made with `sentToken` to the session handlers when it concerns the session. */
export function checkSession(error: ApiError, sentToken: boolean): void {
  if (!sessionHandlers) return;
  if (sentToken && error.code === 'UNAUTHENTICATED') {
    error.sessionHandled = true;
    sessionHandlers.unauthenticated(error);
  } else if (error.code === 'FORBIDDEN' && error.key === 'auth/password-change-required') {
    error.sessionHandled = true;
    sessionHandlers.passwordChangeRequired(error);
  }
}

export interface RequestOptions {
  /** False when the caller handles UNAUTHENTICATED itself (the router guard loading `me`). */
  session?: boolean;
}

const printed = new WeakMap<DocumentNode, string>();

function queryText(document: DocumentNode): string {
  let text = printed.get(document);
  if (text === undefined) {
    text = print(document);
    printed.set(document, text);
  }
  return text;
}

interface GraphQLResponse<TResult> {
  data?: TResult | null;
  errors?: ApiErrorItem[];
}

export async function request<TResult, TVars>(
  document: TypedDocumentNode<TResult, TVars>,
  variables: TVars,
  options: RequestOptions = {},
): Promise<TResult> {
  const auth = authHeaders();
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        // Apollo's CSRF prevention refuses requests that a browser could send without a preflight.
        'apollo-require-preflight': 'true',
        'accept-language': getLocale(),
        ...auth,
      },
      body: JSON.stringify({ query: queryText(document), variables }),
    });
  } catch (cause) {
    throw networkError(cause);
  }

  let body: GraphQLResponse<TResult>;
  try {
    body = (await response.json()) as GraphQLResponse<TResult>;
  } catch (cause) {
    throw networkError(cause, response.status);
  }
  if (body.errors?.length) {
    const error = new ApiError(body.errors, response.status);
    if (options.session !== false) checkSession(error, 'authorization' in auth);
    throw error;
  }
  if (!response.ok || body.data == null) throw networkError(undefined, response.status);
  return body.data;
}

/** The JSON body of a refused plain-HTTP request (uploads, downloads): the same fields as GraphQL `extensions`. */
interface HttpErrorBody {
  code?: string;
  message?: string;
  messages?: Partial<Record<string, string>>;
  field?: string;
  key?: string;
}

/**
 * POSTs one file as multipart field `file` with the session token and returns the JSON answer; a
 * refusal becomes an ApiError like a GraphQL one (localized messages, `field`), so forms show it alike.
 */
export async function postFile<TResult>(url: string, file: File): Promise<TResult> {
  const form = new FormData();
  form.append('file', file, file.name);
  const auth = authHeaders();
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', headers: { accept: 'application/json', ...auth }, body: form });
  } catch (cause) {
    throw networkError(cause);
  }
  const body = (await response.json().catch(() => null)) as (TResult & HttpErrorBody) | null;
  if (!response.ok) throw httpError(response, body, 'authorization' in auth);
  if (body === null) throw networkError(undefined, response.status);
  return body;
}

/** GETs a file the session may read (evidence), as a Blob: a bare link would not carry the token. */
export async function fetchBlob(url: string): Promise<Blob> {
  const auth = authHeaders();
  let response: Response;
  try {
    response = await fetch(url, { headers: auth });
  } catch (cause) {
    throw networkError(cause);
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as HttpErrorBody | null;
    throw httpError(response, body, 'authorization' in auth);
  }
  return response.blob();
}

function httpError(response: Response, body: HttpErrorBody | null, sentToken: boolean): ApiError {
  if (!body?.message) return networkError(undefined, response.status);
  const extensions: ApiErrorExtensions = { code: body.code, messages: body.messages };
  if (body.field) extensions.field = body.field;
  if (body.key) extensions.key = body.key;
  const error = new ApiError([{ message: body.message, extensions }], response.status);
  checkSession(error, sentToken);
  return error;
}

export function networkError(cause?: unknown, status?: number): ApiError {
  const message = cause instanceof Error ? cause.message : `HTTP ${status ?? 0}`;
  return new ApiError([{ message, extensions: { code: 'NETWORK_ERROR' } }], status);
}
